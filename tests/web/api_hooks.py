"""Schemathesis hooks for ``test_api_schema``: how to make a valid ``at`` of a record.

``at`` is ``format: local-date-time`` in the API's document: an ISO 8601 date and time, with or
without a UTC offset, from 1900 to a day after now (a bound no JSON Schema can state). Taught
this, schemathesis sends times the API must accept, and its check that valid data is accepted
holds the API to every other rule. The server under test runs at ``MONDAY_10_40``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import schemathesis
from hypothesis import strategies as st

from tests.web.conftest import MONDAY_10_40

_LAST = MONDAY_10_40.replace(tzinfo=None) - timedelta(days=1)  # safe under any offset


def _text(at: datetime, seconds: int, offset: str) -> str:
    shown = at.isoformat(timespec=("minutes", "seconds", "microseconds")[seconds])
    return shown + offset


_OFFSETS = st.one_of(
    st.just(""),
    st.just("Z"),
    st.builds(
        "{}{:02d}:{:02d}".format,
        st.sampled_from("+-"),
        st.integers(0, 23),
        st.integers(0, 59),
    ),
)
schemathesis.openapi.format(
    "local-date-time",
    st.builds(
        _text,
        st.datetimes(min_value=datetime(1900, 1, 1), max_value=_LAST),
        st.integers(0, 2),
        _OFFSETS,
    ),
)
