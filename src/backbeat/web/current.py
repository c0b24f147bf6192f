"""The site of the request being served, for an app shared by many people.

The clinic server serves each signed-in patient their own local app (``PatientApps``). Its
pages are cheap to make per patient, but the JSON API is not: FastAPI builds the models of every
operation, some 3,400 objects and 50 ms a patient, and a worker that kept them for hundreds of
patients spent its time in the garbage collector's full passes (half a second each, every
request waiting). So a worker makes one API over a ``CurrentSite``, which stands in for the Site
of whoever is being served: the server sets it for each request, and every answer, every write
and every page kept is still that person's own.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from backbeat.web.site import Site

SERVING: ContextVar[Site | None] = ContextVar("backbeat_serving", default=None)
"""The Site of the person this request is for (a context variable: each request's own, and
carried into the worker threads its pages are made in)."""


class CurrentSite:
    """Every attribute is the one of the Site being served now; outside a request, asking for
    one is a mistake in backbeat, and says so."""

    def __getattr__(self, name: str) -> Any:
        site = SERVING.get()
        if site is None:
            raise LookupError(f"site.{name} asked outside a person's request")
        return getattr(site, name)


def current_site() -> Site:
    """A stand-in for the Site of each request, to make one app for many people with."""
    return cast("Site", CurrentSite())
