"""``backbeat serve``: the web app on this machine, opened in the browser.

Loopback by default. Serving on another interface prints a login token that every browser must
bring once (it is then kept in a cookie), as notebook servers do.
"""

from __future__ import annotations

import argparse
import errno
import os
import secrets
import signal
import socket
import sys
import threading
from types import FrameType
from typing import TYPE_CHECKING

from backbeat.context import Env, open_catalogue, open_journal
from backbeat.status import ExitStatus
from backbeat.web.guard import is_loopback

if TYPE_CHECKING:
    import uvicorn


class _Stop(Exception):
    """A termination signal: the server has shut down cleanly and the command ends with 0."""


def serve(args: argparse.Namespace, env: Env) -> ExitStatus:
    running: list[uvicorn.Server] = []

    def stop(signum: int, frame: FrameType | None) -> None:
        """``kill`` stops it as Ctrl-C does. Once the server exists it is asked to finish (an
        exception raised at an arbitrary point of its start-up could leave it half-made);
        uvicorn's own handler takes over while it serves."""
        if running:
            running[0].should_exit = True
        else:
            raise _Stop

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        return _serve(args, env, running)
    except (KeyboardInterrupt, _Stop):
        env.stdout.write("backbeat stopped.\n")
        return ExitStatus.OK
    finally:
        signal.signal(signal.SIGTERM, previous)


def _serve(args: argparse.Namespace, env: Env, running: list[uvicorn.Server]) -> ExitStatus:
    catalogue = open_catalogue(env)
    if catalogue is None:
        return ExitStatus.INVALID
    journal = open_journal(env)
    if journal is None:
        return ExitStatus.INVALID
    try:
        listener = _listen(args.host, args.port)
    except OSError as error:
        busy = error.errno == errno.EADDRINUSE
        env.stderr.write(
            f"backbeat serve: cannot listen on {args.host} port {args.port} "
            f"({error.strerror or error})"
            + ("; is backbeat already running? Try another --port" if busy else "")
            + "\n"
        )
        return ExitStatus.INVALID
    import uvicorn

    from backbeat.web.app import create_app

    token = None if is_loopback(args.host) else secrets.token_urlsafe(18)
    url = _url(args.host, listener.getsockname()[1])
    app = create_app(env, catalogue, journal, login_token=token)
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    )
    running.append(server)
    out = env.stdout.write
    if token is None:
        out(f"backbeat is serving at {url}\n")
    else:
        out(
            f"backbeat is serving at {url} for other machines too.\n"
            f"Open {url}?token={token} to log in (keep this token to yourself).\n"
        )
        _login_qr(env, f"{url}?token={token}")
    out("Your data stays on this machine. Press Ctrl-C to stop.\n")
    env.stdout.flush()
    if not args.no_browser:
        threading.Thread(target=_open_when_ready, args=(server, url, token), daemon=True).start()
    try:
        server.run(sockets=[listener])
    finally:
        listener.close()
    env.stdout.write("backbeat stopped.\n")
    return ExitStatus.OK


def _login_qr(env: Env, address: str) -> None:
    """The login address as a QR code in the terminal, for a phone's camera (Settings shows it
    too)."""
    import segno

    env.stdout.write("Or scan this with your phone's camera:\n")
    segno.make(address, error="m").terminal(out=env.stdout, compact=True)


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket, bound before the server starts so a busy port is reported plainly."""
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    listener = socket.socket(family, kind, proto)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
        listener.listen(128)
    except OSError:
        listener.close()
        raise
    listener.set_inheritable(True)
    return listener


def _url(host: str, port: int) -> str:
    if host in ("0.0.0.0", "::", ""):
        host = socket.gethostname()
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def _open_when_ready(server: uvicorn.Server, url: str, token: str | None) -> None:
    """Open the page once the server answers; only where a desktop browser can be expected,
    so a terminal browser never takes over the terminal the server is running in."""
    import time
    import webbrowser

    while not server.started and not server.should_exit:
        time.sleep(0.05)
    if server.should_exit:
        return
    graphical = sys.platform in ("darwin", "win32") or any(
        os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY")
    )
    if graphical:
        webbrowser.open(url + (f"?token={token}" if token else ""))
