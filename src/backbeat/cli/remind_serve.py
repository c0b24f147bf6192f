"""``backbeat remind`` and ``backbeat remind --once``: find how to show reminders and how to
tell the person is away, then run the loop (or look once and wait for the answers)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
from collections.abc import Callable

from backbeat.catalog.catalogue import Catalogue
from backbeat.cli.plan import profile_path
from backbeat.context import Env, local_zone, open_journal
from backbeat.plan.profile import Profile
from backbeat.remind import messages
from backbeat.remind.attention import Attention
from backbeat.remind.daemon import ONCE_WAIT, TICK, Daemon, Person
from backbeat.remind.deliver import Delivery, TerminalDelivery, open_desktop
from backbeat.remind.idle import Probe, find_probe
from backbeat.remind.launch import open_window, session_argv, window_command
from backbeat.status import ExitStatus


def serve(args: argparse.Namespace, env: Env, profile: Profile, catalogue: Catalogue) -> ExitStatus:
    journal = open_journal(env)
    if journal is None:
        return ExitStatus.INVALID
    path = profile_path(args, env)
    person = Person(profile, catalogue, journal, env.home, local_zone(env), path, env.cache)
    try:
        return asyncio.run(_serve(args, env, person))
    except KeyboardInterrupt:  # Ctrl-C is how a person ends reminders in a terminal
        env.stderr.write("\nReminders stopped.\n")
        return ExitStatus.OK


async def _serve(args: argparse.Namespace, env: Env, person: Person) -> ExitStatus:
    delivery = await _delivery(env)
    probe, why = await find_probe(env.environ, sys.platform)
    if probe is None:
        env.stderr.write(messages.NO_IDLE.format(why=why) + "\n")
    attention = await Attention.open(env.environ)
    if attention.cannot:
        env.stderr.write(messages.NO_ATTENTION.format(what="; ".join(attention.cannot)) + "\n")
    player = _player(args, env, delivery)
    daemon = Daemon(person, delivery, env.clock, player, env.stderr, probe, attention)
    try:
        if args.once:
            await _once(daemon, env, delivery)
        else:
            await _loop(daemon, env, delivery, probe)
    finally:
        await delivery.close()
        await attention.close()
        if probe is not None:
            await probe.close()
    return ExitStatus.OK


async def _delivery(env: Env) -> Delivery:
    desktop, why = await open_desktop(env.environ, sys.platform)
    if desktop is not None:
        return desktop
    env.stderr.write(messages.NO_SERVICE.format(why=why) + "\n")
    terminal = TerminalDelivery(env.stdout, env.stdin)
    terminal.start()
    return terminal


async def _once(daemon: Daemon, env: Env, delivery: Delivery) -> None:
    """Deliver what is due now, then wait for the answers (or the end of typed input)."""
    if not await daemon.tick():
        later = daemon.next_one()
        env.stdout.write(messages.NOTHING_DUE + " ")
        if later is None:
            env.stdout.write(messages.NONE_LEFT + "\n")
        else:
            at = later.at.astimezone(later.due.at.tzinfo)
            env.stdout.write(messages.NEXT.format(time=f"{at:%H:%M}", label=later.title) + "\n")
        return
    waits = [asyncio.ensure_future(daemon.answered.wait())]
    if isinstance(delivery, TerminalDelivery):
        waits.append(asyncio.ensure_future(delivery.ended.wait()))
    await asyncio.wait(waits, timeout=ONCE_WAIT, return_when=asyncio.FIRST_COMPLETED)
    for wait in waits:
        wait.cancel()


async def _loop(daemon: Daemon, env: Env, delivery: Delivery, probe: Probe | None) -> None:
    """Look every ``TICK`` seconds until stopped (SIGTERM from the service manager, Ctrl-C)."""
    idle = f", noticing breaks through {probe.name}" if probe is not None else ""
    env.stderr.write(messages.RUNNING.format(how=delivery.how + idle) + "\n")
    stop = asyncio.Event()
    with contextlib.suppress(NotImplementedError, RuntimeError):  # not on Windows
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    while not stop.is_set():
        await daemon.tick()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), TICK)


def _player(args: argparse.Namespace, env: Env, delivery: Delivery) -> Callable[[str], None]:
    """What Start does: the session player for that slot, in this terminal when reminders are
    shown here, else in a terminal window of its own."""

    def play(moment: str) -> None:
        from backbeat.cli.main import program

        argv = session_argv(moment, args.profile)
        here = env.stdout.isatty()
        if delivery.in_terminal and here:
            program(argv, env)
            return
        command = window_command(argv, env.environ, sys.platform)
        failed = (
            "no terminal program found" if command is None else open_window(command, env.environ)
        )
        if failed is None:
            return
        if here:
            program(argv, env)
            return
        env.stderr.write(
            f"backbeat remind: Start could not open a terminal ({failed}); "
            f"run `backbeat {' '.join(argv)}` to play it.\n"
        )

    return play
