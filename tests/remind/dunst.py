"""A real notification server for the reminder tests: dunst (Debian's package) on an X server of
its own (Xvfb) and a private D-Bus session bus, driven as a person would through ``dunstctl``.

``dunstctl action 0`` clicks the body of the newest notification (its ``default`` action);
``dunstctl context`` opens dunst's menu of actions through the ``dmenu`` program its
configuration names, here a script that picks the line of the action the test chose.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.tools import missing

WITHIN = 30.0  # seconds for a state to come, on a loaded machine


def need_tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        missing(f"{name} (Debian package {package})")
    assert found is not None
    return found


def wait_for(check: Any, what: str, within: float = WITHIN) -> Any:
    """Poll ``check`` until it gives something true; never a fixed sleep."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"{what}: not within {within} s")


@dataclass
class Dunst:
    environ: dict[str, str]  # DISPLAY and DBUS_SESSION_BUS_ADDRESS of this desktop
    folder: Path

    def ctl(self, *argv: str) -> str:
        done = subprocess.run(
            ["dunstctl", *argv],
            env={**os.environ, **self.environ},
            capture_output=True,
            text=True,
            timeout=20,
            check=True,
        )
        return done.stdout.strip()

    def displayed(self) -> int:
        return int(self.ctl("count", "displayed"))

    def history(self) -> list[dict[str, Any]]:
        data = json.loads(self.ctl("history"))
        return [{key: value["data"] for key, value in entry.items()} for entry in data["data"][0]]

    def click_body(self) -> None:
        self.ctl("action", "0")

    def choose(self, label: str) -> None:
        """Pick an action from dunst's menu, as a person would."""
        (self.folder / "choice").write_text(label)
        self.ctl("context")

    def set_paused(self, paused: bool) -> None:
        self.ctl("set-paused", "true" if paused else "false")
        wait_for(lambda: self.ctl("is-paused") == str(paused).lower(), "dunst's pause")


@contextmanager
def dunst(folder: Path) -> Iterator[Dunst]:
    """Xvfb, a session bus and dunst on them, for as long as the test runs."""
    xvfb = need_tool("Xvfb", "xvfb")
    bus = need_tool("dbus-daemon", "dbus-daemon")
    server = need_tool("dunst", "dunst")
    need_tool("dunstctl", "dunst")
    folder.mkdir(parents=True, exist_ok=True)
    pick = folder / "pick"
    pick.write_text(
        "#!/bin/sh\n"
        f'cat > "{folder}/menu"\n'
        f'grep -m1 -F "$(cat "{folder}/choice")" "{folder}/menu"\n'
    )
    pick.chmod(0o755)
    config = folder / "dunstrc"
    config.write_text(
        f'[global]\ndmenu = "{pick}"\nshow_indicators = yes\n'
        "[urgency_low]\ntimeout = 0\n[urgency_normal]\ntimeout = 0\n"
        "[urgency_critical]\ntimeout = 0\n"
    )
    started: list[subprocess.Popen[str]] = []
    try:
        read, write = os.pipe()
        x = subprocess.Popen(
            [xvfb, "-displayfd", str(write), "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        started.append(x)
        os.close(write)
        with os.fdopen(read) as display:
            number = display.readline().strip()
        assert number.isdigit(), "Xvfb did not start"
        session = subprocess.Popen(
            [bus, "--session", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        started.append(session)
        assert session.stdout is not None
        address = session.stdout.readline().strip()
        assert address.startswith("unix:"), "the session bus did not start"
        environ = {"DISPLAY": f":{number}", "DBUS_SESSION_BUS_ADDRESS": address}
        notifications = subprocess.Popen(
            [server, "-config", str(config)],
            env={**os.environ, **environ},
            stdout=subprocess.DEVNULL,
            stderr=(folder / "dunst.log").open("w"),
            text=True,
        )
        started.append(notifications)
        found = Dunst(environ, folder)

        def answers() -> bool:
            try:
                return found.ctl("is-paused") == "false"
            except subprocess.CalledProcessError:
                return False

        wait_for(answers, "dunst on the session bus")
        yield found
    finally:
        for process in reversed(started):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
