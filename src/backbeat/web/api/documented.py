"""What the API's OpenAPI document says of more than one route: the refusals every request,
every change and every journal write may get, and the headers a change carries. (The
document itself is put together in ``backbeat.web.api.app``.)"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Depends, Header, Path

from backbeat.inputs import ONCE_KEY
from backbeat.journal.db import WRITE_WAIT_S
from backbeat.web.api import models

HEADER = "X-Backbeat"
REF = "#/components/schemas/{model}"
ONCE_HEADER = "Idempotency-Key"
ONCE_PATTERN = f"^{ONCE_KEY.pattern}$"


Documented = dict[int | str, dict[str, Any]]


def problems_doc(description: str) -> dict[str, Any]:
    return {"model": models.Problems, "description": description}


REFUSED: Documented = {
    400: problems_doc("The Host is not a loopback name (served on loopback)"),
    401: problems_doc("The login token is missing (served beyond loopback)"),
    422: problems_doc("A parameter or key is wrong, each named in `field`; nothing was stored"),
}
NO_PLAN: Documented = {
    404: problems_doc("There is no profile yet"),
    409: problems_doc("The profile file cannot be used: what is wrong, by key"),
}
WRITE: Documented = {
    403: problems_doc(f"The header {HEADER}: 1 is missing, or the change came from another site"),
    409: problems_doc(
        f"The {ONCE_HEADER} was sent before with another request; nothing was changed"
    ),
}
BUSY: Documented = {
    503: {
        **problems_doc(
            "Another program kept the journal's write lock longer than a write waits "
            f"({WRITE_WAIT_S:g} s): nothing was stored; send it again after Retry-After seconds"
        ),
        "headers": {
            "Retry-After": {
                "description": "Seconds to wait before sending it again",
                "schema": {"type": "integer"},
            }
        },
    }
}


def header_rule(
    x_backbeat: Annotated[
        Literal["1"],
        Header(
            alias=HEADER,
            description="Must be 1 on every change, so that no page on another site can send "
            "one (browsers need this app's permission to send such a header, never given)",
        ),
    ],
) -> None:
    """The header every POST must carry (checked by FastAPI; refused with 403)."""


WRITES = [Depends(header_rule)]

OnceKey = Annotated[
    str | None,
    Header(
        alias=ONCE_HEADER,
        description="A one-time key for this write (8 to 80 letters, digits, - or _; a UUID "
        "will do). Sent again with the same request, the write is not made twice: the answer is "
        "the first one, status and body. With another request it is a 409.",
        json_schema_extra={"pattern": ONCE_PATTERN},
    ),
]
RecordIdPath = Annotated[
    str,
    Path(
        description="The record's id, as GET /records gives it",
        json_schema_extra={"pattern": models.RECORD_ID_PATTERN},
    ),
]
NO_RECORD: Documented = {
    404: problems_doc("No record in the journal has this id"),
}
