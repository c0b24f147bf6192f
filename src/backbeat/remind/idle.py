"""How long the person has been away from the keyboard and mouse, from the platform.

GNOME answers over D-Bus (Mutter's IdleMonitor), KDE on X11 through org.freedesktop.ScreenSaver,
any other X11 session through the XScreenSaver extension (libXss, through ctypes), macOS through
``ioreg`` and Windows through GetLastInputInfo. Other Wayland compositors offer ext-idle-notify,
which needs a Wayland client library backbeat does not carry; there, and wherever nothing
answers, the daemon says so once and reminds by the plan alone.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import re
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from dbus_fast.aio import MessageBus

ANSWER_WITHIN = 2.0  # seconds: an idle monitor slower than this is as good as none


class Probe(Protocol):
    name: str

    async def idle(self) -> float | None:
        """Seconds since the last input, or None when it cannot be told this time."""
        ...

    async def close(self) -> None: ...


class DBusIdle:
    """An idle time asked of a D-Bus service on the session bus."""

    def __init__(
        self, name: str, bus: MessageBus, call: tuple[str, str, str, str], scale: float
    ) -> None:
        self.name = name
        self._bus = bus
        self._call = call
        self._scale = scale

    async def idle(self) -> float | None:
        from dbus_fast import Message, MessageType

        destination, path, interface, member = self._call
        message = Message(destination=destination, path=path, interface=interface, member=member)
        try:
            reply = await asyncio.wait_for(self._bus.call(message), ANSWER_WITHIN)
        except (OSError, EOFError, TimeoutError):
            return None
        if reply.message_type != MessageType.METHOD_RETURN or not reply.body:
            return None
        return float(reply.body[0]) * self._scale

    async def close(self) -> None:
        self._bus.disconnect()


MUTTER = (
    "org.gnome.Mutter.IdleMonitor",
    "/org/gnome/Mutter/IdleMonitor/Core",
    "org.gnome.Mutter.IdleMonitor",
    "GetIdletime",
)  # milliseconds
SCREENSAVER = (
    "org.freedesktop.ScreenSaver",
    "/org/freedesktop/ScreenSaver",
    "org.freedesktop.ScreenSaver",
    "GetSessionIdleTime",
)  # KDE answers in milliseconds (and refuses on Wayland)


class _XScreenSaverInfo(ctypes.Structure):
    _fields_ = [
        ("window", ctypes.c_ulong),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),
        ("event_mask", ctypes.c_ulong),
    ]


class X11Idle:
    """The XScreenSaver extension's idle time on an X display."""

    name = "XScreenSaver"

    def __init__(self, display: str) -> None:
        x11, xss = ctypes.util.find_library("X11"), ctypes.util.find_library("Xss")
        if x11 is None or xss is None:
            raise OSError("libX11 or libXss is not installed")
        self._x = ctypes.CDLL(x11)
        self._xss = ctypes.CDLL(xss)
        self._x.XOpenDisplay.restype = ctypes.c_void_p
        self._x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self._x.XDefaultRootWindow.restype = ctypes.c_ulong
        self._x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        self._x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self._x.XFree.argtypes = [ctypes.c_void_p]
        self._xss.XScreenSaverQueryExtension.argtypes = [
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_int),
        ]
        self._xss.XScreenSaverAllocInfo.restype = ctypes.POINTER(_XScreenSaverInfo)
        self._xss.XScreenSaverQueryInfo.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.POINTER(_XScreenSaverInfo),
        ]
        self._display = self._x.XOpenDisplay(display.encode())
        if not self._display:
            raise OSError(f"X display {display} cannot be opened")
        base, error = ctypes.c_int(), ctypes.c_int()
        # Asking a server without the extension would end the program from inside Xlib.
        if not self._xss.XScreenSaverQueryExtension(self._display, base, error):
            self._x.XCloseDisplay(self._display)
            raise OSError(f"X display {display} has no XScreenSaver extension")
        self._info = self._xss.XScreenSaverAllocInfo()
        self._root = self._x.XDefaultRootWindow(self._display)

    async def idle(self) -> float | None:
        if not self._xss.XScreenSaverQueryInfo(self._display, self._root, self._info):
            return None
        return float(self._info.contents.idle) / 1000

    async def close(self) -> None:
        self._x.XFree(self._info)
        self._x.XCloseDisplay(self._display)


class MacIdle:
    """``HIDIdleTime`` from ``ioreg``, in nanoseconds."""

    name = "IOHIDSystem"

    async def idle(self) -> float | None:
        try:
            process = await asyncio.create_subprocess_exec(
                "ioreg", "-c", "IOHIDSystem", "-d", "4", stdout=asyncio.subprocess.PIPE
            )
            out, _ = await asyncio.wait_for(process.communicate(), ANSWER_WITHIN)
        except (OSError, TimeoutError):
            return None
        return parse_ioreg(out.decode(errors="replace"))

    async def close(self) -> None:
        return None


def parse_ioreg(text: str) -> float | None:
    found = re.search(r'"HIDIdleTime"\s*=\s*(\d+)', text)
    return int(found.group(1)) / 1e9 if found else None


class WindowsIdle:
    """GetLastInputInfo: milliseconds since the last input, against the tick count."""

    name = "GetLastInputInfo"

    async def idle(self) -> float | None:
        if sys.platform != "win32":
            return None

        class LastInput(ctypes.Structure):
            _fields_ = [("size", ctypes.c_uint), ("time", ctypes.c_uint)]

        info = LastInput(ctypes.sizeof(LastInput), 0)
        if not ctypes.windll.user32.GetLastInputInfo(ctypes.byref(info)):
            return None
        now = ctypes.windll.kernel32.GetTickCount()
        return ((now - info.time) & 0xFFFFFFFF) / 1000

    async def close(self) -> None:
        return None


async def find_probe(environ: Mapping[str, str], platform: str) -> tuple[Probe | None, str]:
    """The first idle source that answers here, or None and why there is none."""
    tried: list[str] = []
    if platform == "darwin":
        mac = MacIdle()
        if await mac.idle() is not None:
            return mac, ""
        return None, "ioreg gave no HIDIdleTime"
    if platform == "win32":
        return WindowsIdle(), ""
    if address := environ.get("DBUS_SESSION_BUS_ADDRESS"):
        for name, call, scale in (
            ("Mutter IdleMonitor", MUTTER, 1e-3),
            ("org.freedesktop.ScreenSaver", SCREENSAVER, 1e-3),
        ):
            probe = await _dbus(name, address, call, scale)
            if probe is not None:
                return probe, ""
        tried.append("no idle monitor on the session bus")
    else:
        tried.append("no D-Bus session bus")
    if environ.get("WAYLAND_DISPLAY"):
        tried.append("ext-idle-notify needs a Wayland client library backbeat does not have")
    elif display := environ.get("DISPLAY"):
        try:
            return X11Idle(display), ""
        except OSError as error:
            tried.append(str(error))
    return None, "; ".join(tried)


async def _dbus(
    name: str, address: str, call: tuple[str, str, str, str], scale: float
) -> Probe | None:
    from dbus_fast.aio import MessageBus

    try:
        bus = await asyncio.wait_for(MessageBus(bus_address=address).connect(), ANSWER_WITHIN)
    except Exception:  # dbus-fast has many ways to say "no bus here"; each means the same
        return None
    probe = DBusIdle(name, bus, call, scale)
    if await probe.idle() is None:
        await probe.close()
        return None
    return probe
