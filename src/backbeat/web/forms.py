"""Reading what a form sent: the CSRF token checked first, then fields as plain text for the
core's own rules to judge (a value is refused there, with what would be allowed)."""

from __future__ import annotations

from contextlib import suppress

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request

from backbeat.inputs import parse_once
from backbeat.journal.db import Busy
from backbeat.web.guard import CSRF_FIELD, same_token
from backbeat.web.site import Site, site_from

STALE = (
    "This form was older than the running backbeat (it was restarted), so nothing was saved. "
    "Go back, reload the page and send it again."
)


async def posted(request: Request) -> FormData:
    """The form, when it carries this backbeat's CSRF token; otherwise a 403 page."""
    form = await request.form()
    token = form.get(CSRF_FIELD)
    if not same_token(token if isinstance(token, str) else None, site_from(request).csrf):
        raise HTTPException(403, STALE)
    return form


def text(form: FormData, name: str, default: str = "") -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else default


def texts(form: FormData, name: str) -> list[str]:
    return [v.strip() for v in form.getlist(name) if isinstance(v, str) and v.strip()]


def once(form: FormData, field: str = "once") -> str | None:
    """The form's one-time key (filled in by the page's script; ``field`` names another key of
    the same form, such as a session's), or None when the page sent none; a key that is not
    one is a 400 naming its field."""
    value = text(form, field)
    if not value:
        return None
    try:
        return parse_once(value)
    except ValueError as error:
        raise HTTPException(400, f"{field}: {error}") from None


def sent_before(site: Site, form: FormData) -> bool:
    """Whether this form's one-time key was used by a write already: the profile's forms (which
    write a file, not a record) then answer as the first time and write nothing, so a retry of
    an old form cannot undo a newer change."""
    key = once(form)
    return key is not None and site.journal.used(key)


def remember(site: Site, form: FormData) -> None:
    """Keep the one-time key of a form whose write is done (a journal too busy to keep it
    now only means a second sending would write the same answers again)."""
    key = once(form)
    if key is not None:
        with suppress(Busy):
            site.journal.use(key, site.now())
