"""Whether this is a bad moment for a reminder, as the desktop shows it: do not disturb (the
notification server's ``Inhibited`` property, dunst's paused state, GNOME's ``show-banners``),
a locked screen (``org.freedesktop.ScreenSaver.GetActive``, logind's ``LockedHint``), or a
full-screen window with the focus (``_NET_WM_STATE_FULLSCREEN`` of the active window, through
``xprop``, on X11).

Each check that cannot be made here is named once in ``cannot`` (Wayland has no common way
for a program to see another's full-screen window; a session without GNOME has no
``show-banners``); each that answers nothing this time is taken as "not held".
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from backbeat.remind.hold import Block

if TYPE_CHECKING:
    from dbus_fast.aio import MessageBus

ANSWER_WITHIN = 2.0  # seconds: a desktop slower than this is taken as not holding
NOTIFICATIONS = ("org.freedesktop.Notifications", "/org/freedesktop/Notifications")
SCREENSAVER = ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver")
LOGIND = ("org.freedesktop.login1", "/org/freedesktop/login1/session/auto")
SYSTEM_BUS = "unix:path=/run/dbus/system_bus_socket"


class Attention:
    """The checks of one desktop session; ``blocks`` makes them all at one look."""

    def __init__(
        self, environ: Mapping[str, str], session: MessageBus | None, system: MessageBus | None
    ) -> None:
        self._session = session
        self._system = system
        self._xprop = shutil.which("xprop", path=environ.get("PATH") or None)
        self._display = environ.get("DISPLAY") if not environ.get("WAYLAND_DISPLAY") else None
        self._gsettings = shutil.which("gsettings", path=environ.get("PATH") or None)
        self._gnome = "gnome" in environ.get("XDG_CURRENT_DESKTOP", "").lower()
        self._environ = dict(environ)
        self.cannot: list[str] = []
        if session is None:
            self.cannot.append("do not disturb and a locked screen (no D-Bus session bus)")
        if environ.get("WAYLAND_DISPLAY"):
            self.cannot.append(
                "a full-screen window (Wayland does not show other programs' windows)"
            )
        elif not self._display:
            self.cannot.append("a full-screen window (no X display)")
        elif self._xprop is None:
            self.cannot.append("a full-screen window (xprop is not installed)")

    @classmethod
    async def open(cls, environ: Mapping[str, str]) -> Attention:
        session = await _connect(environ.get("DBUS_SESSION_BUS_ADDRESS"))
        system = await _connect(
            environ.get("DBUS_SYSTEM_BUS_ADDRESS")
            or (SYSTEM_BUS if os.path.exists(SYSTEM_BUS.split("=", 1)[1]) else None)
        )
        return cls(environ, session, system)

    async def blocks(self) -> list[Block]:
        """What holds reminders now (empty: nothing does, or nothing can tell)."""
        checks = await asyncio.gather(
            self._do_not_disturb(), self._locked(), self._full_screen(), return_exceptions=True
        )
        return [b for b in checks if isinstance(b, Block)]

    async def _do_not_disturb(self) -> Block | None:
        if self._session is not None:
            if await _property(self._session, *NOTIFICATIONS, NOTIFICATIONS[0], "Inhibited"):
                return Block("held-dnd", "notifications are inhibited")
            if await _property(self._session, *NOTIFICATIONS, "org.dunstproject.cmd0", "paused"):
                return Block("held-dnd", "dunst is paused")
        if self._gnome and self._gsettings is not None:
            out = await _run(
                self._gsettings, "get", "org.gnome.desktop.notifications", "show-banners"
            )
            if out is not None and out.strip() == "false":
                return Block("held-dnd", "GNOME's do not disturb")
        return None

    async def _locked(self) -> Block | None:
        if self._session is not None:
            found = await _call(self._session, *SCREENSAVER, SCREENSAVER[0], "GetActive")
            if found is True:
                return Block("held-locked", "")
        if self._system is not None:
            hint = await _property(
                self._system, *LOGIND, "org.freedesktop.login1.Session", "LockedHint"
            )
            if hint is True:
                return Block("held-locked", "")
        return None

    async def _full_screen(self) -> Block | None:
        if self._xprop is None or not self._display:
            return None
        root = await _run(self._xprop, "-display", self._display, "-root", "_NET_ACTIVE_WINDOW")
        found = re.search(r"window id # (0x[0-9a-fA-F]+)", root or "")
        if found is None or int(found.group(1), 16) == 0:
            return None
        state = await _run(
            self._xprop, "-display", self._display, "-id", found.group(1), "_NET_WM_STATE"
        )
        if state is not None and "_NET_WM_STATE_FULLSCREEN" in state:
            return Block("held-screen", "")
        return None

    async def close(self) -> None:
        for bus in (self._session, self._system):
            if bus is not None:
                bus.disconnect()


async def _connect(address: str | None) -> MessageBus | None:
    if not address:
        return None
    from dbus_fast.aio import MessageBus

    try:
        return await asyncio.wait_for(MessageBus(bus_address=address).connect(), ANSWER_WITHIN)
    except Exception:  # dbus-fast has many ways to say "no bus here"; each means the same
        return None


async def _call(
    bus: MessageBus,
    destination: str,
    path: str,
    interface: str,
    member: str,
    signature: str = "",
    args: list[Any] | None = None,
) -> Any:
    """The first value a method answers, or None when it answers nothing usable."""
    from dbus_fast import Message, MessageType

    message = Message(
        destination=destination,
        path=path,
        interface=interface,
        member=member,
        signature=signature,
        body=args or [],
    )
    try:
        reply = await asyncio.wait_for(bus.call(message), ANSWER_WITHIN)
    except (OSError, EOFError, TimeoutError):
        return None
    if reply is None or reply.message_type != MessageType.METHOD_RETURN or not reply.body:
        return None
    return reply.body[0]


async def _property(bus: MessageBus, destination: str, path: str, interface: str, name: str) -> Any:
    found = await _call(
        bus,
        destination,
        path,
        "org.freedesktop.DBus.Properties",
        "Get",
        "ss",
        [interface, name],
    )
    return getattr(found, "value", None)


async def _run(*command: str) -> str | None:
    try:
        process = await asyncio.create_subprocess_exec(
            *command,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
            stdin=asyncio.subprocess.DEVNULL,
        )
        out, _ = await asyncio.wait_for(process.communicate(), ANSWER_WITHIN)
    except (OSError, TimeoutError):
        return None
    return out.decode(errors="replace") if process.returncode == 0 else None
