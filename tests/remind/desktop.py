"""A stand-in desktop on a real D-Bus session bus, for the reminder tests.

Run as ``dbus-run-session -- python -m tests.remind.desktop``: it serves
org.freedesktop.Notifications (recording each notification, and sending ActionInvoked and
NotificationClosed when told to, as a person's click would) and GNOME's
org.gnome.Mutter.IdleMonitor (with an idle time the test sets), prints the bus address once its
names are owned, and ends when its standard input closes. ``Desktop`` is the test's side: it
asks the server what arrived and clicks for the person, over the same bus.

(No ``from __future__ import annotations`` here: dbus-fast reads the annotations as types. The
methods keep the CamelCase names the specification gives them.)
"""

import asyncio
import json
import os
import sys
from typing import Annotated, Any

from dbus_fast import BusType, Message, MessageType
from dbus_fast.aio import MessageBus
from dbus_fast.annotations import DBusDict, DBusSignature, DBusStr, DBusUInt32, DBusUInt64
from dbus_fast.service import ServiceInterface, dbus_method, dbus_signal

CONTROL = ("org.backbeat.TestDesktop", "/org/backbeat/TestDesktop", "org.backbeat.TestDesktop")
DISMISSED = 2  # NotificationClosed reasons, from the Desktop Notifications spec
CLOSED_BY_CALL = 3


class Notifications(ServiceInterface):
    def __init__(self) -> None:
        super().__init__("org.freedesktop.Notifications")
        self.received: list[dict[str, Any]] = []

    @dbus_method()
    def Notify(
        self,
        app_name: DBusStr,
        replaces_id: DBusUInt32,
        app_icon: DBusStr,
        summary: DBusStr,
        body: DBusStr,
        actions: Annotated[list[str], DBusSignature("as")],
        hints: DBusDict,
        expire_timeout: Annotated[int, DBusSignature("i")],
    ) -> DBusUInt32:
        number = len(self.received) + 1
        pairs = dict(zip(actions[::2], actions[1::2], strict=True))
        self.received.append(
            {"id": number, "app": app_name, "summary": summary, "body": body, "actions": pairs}
        )
        return number

    @dbus_method()
    def CloseNotification(self, number: DBusUInt32) -> None:
        self.NotificationClosed(number, CLOSED_BY_CALL)

    @dbus_method()
    def GetCapabilities(self) -> Annotated[list[str], DBusSignature("as")]:
        return ["actions", "body"]

    @dbus_method()
    def GetServerInformation(
        self,
    ) -> Annotated[tuple[str, str, str, str], DBusSignature("ssss")]:
        return ("backbeat test desktop", "backbeat", "1", "1.2")

    @dbus_signal()
    def ActionInvoked(self, number: int, key: str) -> Annotated[list[Any], DBusSignature("us")]:
        return [number, key]

    @dbus_signal()
    def NotificationClosed(
        self, number: int, reason: int
    ) -> Annotated[list[Any], DBusSignature("uu")]:
        return [number, reason]


class IdleMonitor(ServiceInterface):
    def __init__(self) -> None:
        super().__init__("org.gnome.Mutter.IdleMonitor")
        self.idle_ms = 0

    @dbus_method()
    def GetIdletime(self) -> DBusUInt64:
        return self.idle_ms


class Control(ServiceInterface):
    def __init__(self, notifications: Notifications, idle: IdleMonitor) -> None:
        super().__init__(CONTROL[2])
        self.notifications = notifications
        self.idle = idle

    @dbus_method()
    def Received(self) -> DBusStr:
        return json.dumps(self.notifications.received)

    @dbus_method()
    def Click(self, number: DBusUInt32, key: DBusStr) -> None:
        """What a server does when a person clicks an action: the action, then the close."""
        self.notifications.ActionInvoked(number, key)
        self.notifications.NotificationClosed(number, DISMISSED)

    @dbus_method()
    def Dismiss(self, number: DBusUInt32) -> None:
        self.notifications.NotificationClosed(number, DISMISSED)

    @dbus_method()
    def SetIdle(self, milliseconds: DBusUInt64) -> None:
        self.idle.idle_ms = milliseconds


async def serve() -> None:
    bus = await MessageBus(bus_type=BusType.SESSION).connect()
    notifications, idle = Notifications(), IdleMonitor()
    bus.export("/org/freedesktop/Notifications", notifications)
    bus.export("/org/gnome/Mutter/IdleMonitor/Core", idle)
    bus.export(CONTROL[1], Control(notifications, idle))
    for name in ("org.freedesktop.Notifications", "org.gnome.Mutter.IdleMonitor", CONTROL[0]):
        await bus.request_name(name)
    print(os.environ["DBUS_SESSION_BUS_ADDRESS"], flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    bus.disconnect()


class Desktop:
    """The test's hands on the stand-in desktop."""

    def __init__(self, address: str) -> None:
        self.address = address

    def _call(self, member: str, signature: str = "", body: list[Any] | None = None) -> Any:
        async def call() -> Any:
            bus = await MessageBus(bus_address=self.address).connect()
            try:
                reply = await bus.call(
                    Message(
                        destination=CONTROL[0],
                        path=CONTROL[1],
                        interface=CONTROL[2],
                        member=member,
                        signature=signature,
                        body=body or [],
                    )
                )
            finally:
                bus.disconnect()
            assert reply.message_type == MessageType.METHOD_RETURN, reply.body
            return reply.body[0] if reply.body else None

        return asyncio.run(call())

    def received(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = json.loads(self._call("Received"))
        return found

    def click(self, number: int, key: str) -> None:
        self._call("Click", "us", [number, key])

    def dismiss(self, number: int) -> None:
        self._call("Dismiss", "u", [number])

    def set_idle(self, seconds: float) -> None:
        self._call("SetIdle", "t", [round(seconds * 1000)])


if __name__ == "__main__":
    asyncio.run(serve())
