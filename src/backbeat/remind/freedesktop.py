"""Reminders as freedesktop notifications (D-Bus, on Linux), spoken to directly so that they
behave: a click on the body (the ``default`` action) starts the slot as Start does; every
answer closes the notification (``CloseNotification``: some servers, dunst among them, leave it
on screen after an action); a notification the next one replaces is closed first, so only one
reminder is ever on screen. A close the person makes is "dismissed"; a close backbeat makes, or
one after an answer, is not.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, Any

from backbeat.records import ReminderEvent
from backbeat.remind import messages
from backbeat.remind.deliver import ANSWERS, Answer, body
from backbeat.remind.rules import Reminder

if TYPE_CHECKING:
    from dbus_fast.aio import MessageBus

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
DEFAULT = "default"  # the action a click on the body invokes
DISMISSED = 2  # NotificationClosed reasons in the specification
ANSWER_WITHIN = 5.0


class FreedesktopDelivery:
    """One reminder on screen at a time, with Start, Snooze, Skip and Done."""

    how = "desktop notifications"
    in_terminal = False

    def __init__(self, bus: MessageBus) -> None:
        self._bus = bus
        self._open: dict[int, Answer] = {}  # on screen, not yet answered
        self._closing: set[asyncio.Task[None]] = set()
        self._bus.add_message_handler(self._signal)

    @classmethod
    async def connect(cls, address: str) -> FreedesktopDelivery:
        """Connect and listen for the server's signals (an exception when there is no
        notification server that answers)."""
        from dbus_fast import Message
        from dbus_fast.aio import MessageBus

        bus = await asyncio.wait_for(MessageBus(bus_address=address).connect(), ANSWER_WITHIN)
        delivery = cls(bus)
        await delivery._call("GetCapabilities")
        rule = f"type='signal',interface='{NAME}'"
        await bus.call(
            Message(
                destination="org.freedesktop.DBus",
                path="/org/freedesktop/DBus",
                interface="org.freedesktop.DBus",
                member="AddMatch",
                signature="s",
                body=[rule],
            )
        )
        return delivery

    async def _call(self, member: str, signature: str = "", args: list[Any] | None = None) -> Any:
        from dbus_fast import Message, MessageType

        reply = await asyncio.wait_for(
            self._bus.call(
                Message(
                    destination=NAME,
                    path=PATH,
                    interface=NAME,
                    member=member,
                    signature=signature,
                    body=args or [],
                )
            ),
            ANSWER_WITHIN,
        )
        if reply is None or reply.message_type != MessageType.METHOD_RETURN:
            raise OSError(f"{NAME}.{member}: {reply.body if reply else 'no answer'}")
        return reply.body[0] if reply.body else None

    async def show(self, reminder: Reminder, answer: Answer) -> bool:
        for number in list(self._open):  # the next one replaces it: closed first
            self._open.pop(number, None)
            await self._close(number)
        actions = [DEFAULT, messages.ACTIONS["start"]]
        for key in ANSWERS:
            actions += [key, messages.ACTIONS[key]]
        try:
            number = await self._call(
                "Notify",
                "susssasa{sv}i",
                ["backbeat", 0, "", reminder.title, body(reminder), actions, {}, -1],
            )
        except (OSError, EOFError, TimeoutError):
            return False
        self._open[int(number)] = answer
        return True

    def _signal(self, message: Any) -> bool:
        if message.interface != NAME or not message.body:
            return False
        number = int(message.body[0])
        if message.member == "ActionInvoked":
            key = str(message.body[1])
            event: ReminderEvent | None = "started" if key == DEFAULT else ANSWERS.get(key)
            answer = self._open.pop(number, None)
            if answer is not None and event is not None:
                task = asyncio.ensure_future(self._close(number))
                self._closing.add(task)
                task.add_done_callback(self._closing.discard)
                answer(event)
        elif message.member == "NotificationClosed":
            answer = self._open.pop(number, None)
            if answer is not None and int(message.body[1]) == DISMISSED:
                answer("dismissed")
        return False

    async def _close(self, number: int) -> None:
        with contextlib.suppress(OSError, EOFError, TimeoutError):  # gone already: as wanted
            await self._call("CloseNotification", "u", [number])

    async def close(self) -> None:
        self._bus.disconnect()
