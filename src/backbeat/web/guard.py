"""Who may talk to the web app, and what its pages may load.

Health data stays on the machine. Served on loopback, the app answers only requests addressed to
a loopback name, which defeats DNS rebinding (a page elsewhere whose name is made to point at
127.0.0.1 still sends its own name as the Host). Served on another interface, every request must
carry the login token printed at start (once given, it is kept in a cookie), as notebook servers
do. Forms carry a per-process CSRF token, a write from another origin is refused, and the
Content-Security-Policy lets a page load nothing but the app's own files.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
from collections.abc import Awaitable, Callable, MutableMapping
from functools import lru_cache
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

LOGIN_COOKIE = "backbeat_login"
CSRF_FIELD = "csrf"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; media-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = (
    (b"content-security-policy", POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # "no-referrer" would send Origin: null
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)


def host_name(host: str) -> str:
    """The name in a Host header, without its port: ``[::1]:8765`` gives ``::1``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    if host.count(":") == 1:
        return host.partition(":")[0]
    return host


@lru_cache(maxsize=64)
def is_loopback(name: str) -> bool:
    """``localhost`` (and names under it), or an address on the loopback network."""
    name = name.rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def same_site(path: str) -> str:
    """A path to send a browser back to on this server: ``//evil.example`` (which a browser
    reads as another site) becomes ``/evil.example``."""
    return "/" + path.lstrip("/\\")


def same_token(given: str | None, token: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


class Guard:
    """ASGI middleware in front of the whole app; ``login_token`` is set when serving beyond
    loopback, and then replaces the Host check. ``signed_in_elsewhere``: the clinic server has
    already checked who is asking (their session), so neither is needed; the rest holds."""

    def __init__(
        self, app: App, *, login_token: str | None = None, signed_in_elsewhere: bool = False
    ) -> None:
        self.app = app
        self.login_token = login_token
        self.signed_in_elsewhere = signed_in_elsewhere

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        refusal = self._refusal(scope, headers, host)
        if refusal is not None:
            status, text, extra = refusal
            api = scope["path"] == "/api" or scope["path"].startswith("/api/")
            await (_json if api and status >= 400 else _plain)(send, status, text, extra)
            return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, secured)

    def _refusal(
        self, scope: Scope, headers: dict[str, str], host: str
    ) -> tuple[int, str, list[tuple[bytes, bytes]]] | None:
        if self.signed_in_elsewhere:
            pass
        elif self.login_token is None:
            if not is_loopback(host_name(host)):
                return (
                    400,
                    (
                        f"backbeat answers only to localhost and 127.0.0.1, not to {host!r}. "
                        "Open http://127.0.0.1 with backbeat's port instead.\n"
                    ),
                    [],
                )
        else:
            cookies = SimpleCookie(headers.get("cookie", ""))
            cookie = cookies[LOGIN_COOKIE].value if LOGIN_COOKIE in cookies else None
            if not same_token(cookie, self.login_token):
                query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
                if same_token(next(iter(query.get("token", [])), None), self.login_token):
                    cookie_value = (
                        f"{LOGIN_COOKIE}={self.login_token}; Path=/; HttpOnly; SameSite=Strict"
                    )
                    return (
                        303,
                        "Logged in.\n",
                        [
                            (b"location", same_site(scope["path"]).encode()),
                            (b"set-cookie", cookie_value.encode()),
                        ],
                    )
                return (
                    401,
                    (
                        "This backbeat needs its login token: open the address with ?token=... "
                        "that backbeat printed when it started.\n"
                    ),
                    [],
                )
        if scope["method"] not in SAFE_METHODS:
            origin = headers.get("origin")
            if origin is not None and urlsplit(origin).netloc.lower() != host.lower():
                return 403, f"backbeat refused a change sent from another site ({origin}).\n", []
        return None


async def _plain(send: Send, status: int, text: str, extra: list[tuple[bytes, bytes]]) -> None:
    await _send(send, status, text.encode(), b"text/plain; charset=utf-8", extra)


async def _json(send: Send, status: int, text: str, extra: list[tuple[bytes, bytes]]) -> None:
    """A refusal of an API request, in the API's shape."""
    field = {400: "Host", 401: "token", 403: "Origin"}.get(status, "(request)")
    problems = {"problems": [{"field": field, "message": text.strip()}]}
    body = (json.dumps(problems, indent=2) + "\n").encode()
    await _send(send, status, body, b"application/json", extra)


async def _send(
    send: Send, status: int, body: bytes, kind: bytes, extra: list[tuple[bytes, bytes]]
) -> None:
    headers = [
        (b"content-type", kind),
        (b"content-length", str(len(body)).encode()),
        *extra,
        *HEADERS,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
