"""Showing a reminder and hearing the answer: a desktop notification with Start, Snooze, Skip and
Done (desktop-notifier: D-Bus on Linux, native on macOS and Windows), or, where there is no
notification service, a bell and a line in the terminal, answered by typing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shutil
import threading
from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Protocol, TextIO

from backbeat.records import ReminderEvent
from backbeat.remind import messages
from backbeat.remind.rules import Reminder

if TYPE_CHECKING:
    from desktop_notifier import DesktopNotifier

ANSWERS: dict[str, ReminderEvent] = {
    "start": "started",
    "snooze": "snoozed",
    "skip": "skipped",
    "done": "done",
}
"""Each action, and the reminder event it is recorded as."""
ANSWER_WITHIN = 5.0  # seconds for a notification service to say what it can do

Answer = Callable[[ReminderEvent], None]


class Delivery(Protocol):
    how: str
    in_terminal: bool

    async def show(self, reminder: Reminder, answer: Answer) -> bool:
        """Show ``reminder``; ``answer`` is called with the event the person chooses. False
        when it could not be shown."""
        ...

    async def close(self) -> None: ...


def body(reminder: Reminder) -> str:
    """The reminder's one line, and below it anything said once."""
    return reminder.text + (f"\n{reminder.notice}" if reminder.notice else "")


class DesktopDelivery:
    """Notifications with actions through desktop-notifier (macOS, Windows; Linux has
    ``freedesktop``): a click on the body starts the slot, and an answer closes it."""

    how = "desktop notifications"
    in_terminal = False

    def __init__(self, notifier: DesktopNotifier) -> None:
        self._notifier = notifier
        self._shown: list[str] = []

    async def show(self, reminder: Reminder, answer: Answer) -> bool:
        from desktop_notifier import Button

        shown: list[bool] = []
        for earlier in self._shown:  # the next one replaces it: closed first
            with contextlib.suppress(Exception):
                await self._notifier.clear(earlier)
        self._shown.clear()

        def answered(event: ReminderEvent) -> None:
            answer(event)
            for identifier in self._shown:
                task = asyncio.ensure_future(self._notifier.clear(identifier))
                task.add_done_callback(lambda done: done.cancelled() or done.exception())
            self._shown.clear()

        buttons = [
            Button(title=messages.ACTIONS[key], on_pressed=partial(answered, event), identifier=key)
            for key, event in ANSWERS.items()
        ]
        identifier = await self._notifier.send(
            title=reminder.title,
            message=body(reminder),
            buttons=buttons,
            on_clicked=partial(answered, "started"),
            on_dismissed=partial(answer, "dismissed"),
            on_dispatched=lambda: shown.append(True),
        )
        if shown:
            self._shown.append(identifier)
        return bool(shown)

    async def close(self) -> None:
        return None


async def open_desktop(environ: Mapping[str, str], platform: str) -> tuple[Delivery | None, str]:
    """Desktop notifications if this session has a service that answers, or None and why."""
    address = environ.get("DBUS_SESSION_BUS_ADDRESS")
    if platform.startswith("linux") and not address:
        return None, "no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set"
    from desktop_notifier import DesktopNotifier
    from desktop_notifier.backends.dummy import DummyNotificationCenter
    from desktop_notifier.main import get_backend_class

    # desktop-notifier logs a warning with a traceback when a notification fails; this
    # module says what happened in its own words instead.
    logging.getLogger("desktop_notifier").addHandler(logging.NullHandler())
    logging.getLogger("desktop_notifier").propagate = False
    if platform.startswith("linux") and address:
        from backbeat.remind.freedesktop import FreedesktopDelivery

        try:
            return await FreedesktopDelivery.connect(address), ""
        except Exception as error:  # no server, a refusal, a timeout: all mean "not here"
            return None, f"no notification service answered ({type(error).__name__}: {error})"
    if issubclass(get_backend_class(), DummyNotificationCenter):
        osascript = shutil.which("osascript", path=environ.get("PATH") or None)
        if platform == "darwin" and osascript is not None:
            return ScriptDelivery(osascript), ""
        return None, "no notification service desktop-notifier can use here"
    if address:
        # dbus-fast finds the session bus in the process environment, not in ours.
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = address
    notifier = DesktopNotifier(app_name="backbeat", app_icon=None)
    try:
        await asyncio.wait_for(notifier.get_capabilities(), ANSWER_WITHIN)
    except Exception as error:  # no service, a refusal, a timeout: all mean "not here"
        return None, f"no notification service answered ({type(error).__name__}: {error})"
    return DesktopDelivery(notifier), ""


class ScriptDelivery:
    """macOS without an app bundle: Notification Center through ``osascript``. It shows the
    reminder but has no buttons, so answers come from the journal (a session, ``backbeat log``)
    or not at all."""

    how = "notifications without buttons (osascript)"
    in_terminal = False

    def __init__(self, osascript: str) -> None:
        self._osascript = osascript

    async def show(self, reminder: Reminder, answer: Answer) -> bool:
        process = await asyncio.create_subprocess_exec(*script_command(self._osascript, reminder))
        return await process.wait() == 0

    async def close(self) -> None:
        return None


def script_command(osascript: str, reminder: Reminder) -> list[str]:
    """``display notification`` with the reminder's words as AppleScript strings."""

    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'

    return [
        osascript,
        "-e",
        f"display notification {quoted(body(reminder))} with title {quoted(reminder.title)}"
        ' sound name "default"',
    ]


class TerminalDelivery:
    """A bell and one line per reminder; a typed ``start``, ``snooze``, ``skip`` or ``done``
    (or the start of one) answers the latest. Lines are read by a thread that waits after
    each one until it is dealt with, so a session started from here can read the keyboard."""

    how = "a bell and a line in this terminal"
    in_terminal = True

    def __init__(self, stdout: TextIO, stdin: TextIO) -> None:
        self._out = stdout
        self._stdin = stdin
        self._latest: Answer | None = None
        self._lines: asyncio.Queue[str | None] = asyncio.Queue()
        self._go = threading.Event()
        self._asking = asyncio.Event()  # a reminder is on show: a line answers it
        self.ended = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        loop = asyncio.get_running_loop()
        threading.Thread(target=self._read, args=(loop,), daemon=True).start()
        self._task = loop.create_task(self._answer_lines())

    def _read(self, loop: asyncio.AbstractEventLoop) -> None:
        while True:
            line = self._stdin.readline()
            try:
                loop.call_soon_threadsafe(self._lines.put_nowait, line or None)
            except RuntimeError:  # the loop has ended: nobody is asking any more
                return
            if not line:
                return
            self._go.wait()
            self._go.clear()

    async def _answer_lines(self) -> None:
        while (line := await self._lines.get()) is not None:
            await self._asking.wait()  # typed ahead, it answers the next reminder
            try:
                self._take(line.strip())
            finally:
                self._go.set()
        self.ended.set()

    def _take(self, text: str) -> None:
        if not text:
            return
        event = parse_answer(text)
        if event is None or self._latest is None:
            self._out.write(messages.UNCLEAR_ANSWER.format(answer=text) + "\n")
            self._out.flush()
            return
        answer, self._latest = self._latest, None
        self._asking.clear()
        answer(event)

    async def show(self, reminder: Reminder, answer: Answer) -> bool:
        if reminder.notice:
            self._out.write(f"{reminder.notice}\n")
        local = reminder.at.astimezone(reminder.due.at.tzinfo)
        self._out.write(
            f"\a{local:%H:%M}  {reminder.title}: {reminder.text}  {messages.TERMINAL_PROMPT}\n"
        )
        self._out.flush()
        self._latest = answer
        self._asking.set()
        return True

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()


def parse_answer(text: str) -> ReminderEvent | None:
    """The event a typed answer means: a whole action or a start of one that only one action
    has (``sn`` is snooze; ``s`` alone could be three)."""
    value = text.strip().lower()
    found = [event for key, event in ANSWERS.items() if value and key.startswith(value)]
    return found[0] if len(found) == 1 else None
