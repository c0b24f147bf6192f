"""Odd values a person, a hand-made request or a damaged file may send, and the settings every
fuzz test shares: derandomized (the same examples on every run, so CI is reproducible), no
deadline (a loaded machine is slow, not wrong), and example counts sized so the whole folder
runs in well under a minute. ``BACKBEAT_FUZZ_SCALE=10`` runs ten times as many, for a longer hunt.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

SCALE = float(os.environ.get("BACKBEAT_FUZZ_SCALE", "1"))
DEEP = 5000  # nesting deeper than any parser's recursion limit
HUGE = "\x00huge\x00"  # stands for a 5,000-digit number, which json.dumps will not write


def fuzz(examples: int) -> settings:
    """Settings for a fuzz test of ``examples`` cases (times ``BACKBEAT_FUZZ_SCALE``)."""
    return settings(
        max_examples=max(1, round(examples * SCALE)),
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,  # one home per test, reset between examples
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )


ODD_TEXTS: tuple[str, ...] = (
    "",
    " ",
    "\t",
    "\x00",
    "\r",
    "\n",
    "\x7f",
    "\x85",
    "a\x00b",
    "line\nbreak",
    "\udcff",  # a byte that is not UTF-8, as the command line hands it over
    "x" * 10_000,
    "9" * 5_000,
    "-" + "9" * 5_000,
    "-1",
    "-0",
    "0",
    "11",
    "10",
    " 3 ",
    "3.0",
    "3.5",
    "1e9",
    "1e400",
    "nan",
    "inf",
    "-inf",
    "0x10",
    "1_0",
    "²",
    "٣",
    "\uff13",  # a full-width 3
    "Ⅳ",
    "0001-01-01",
    "9999-12-31",
    "1899-12-31",
    "1900-01-01",
    "2999-12-31",
    "3000-01-01",
    "2027-06-01",
    "2026-02-30",
    "23/11/2026",
    "20261123",
    "2026-W48-1",
    "0001-01-01T00:30",
    "0001-01-01T00:00+14:00",
    "1900-01-01T00:00+14:00",
    "1900-01-01T00:00-14:00",
    "9999-12-31T23:59:59",
    "9999-12-31T23:59:59-23:59",
    "2026-11-23T25:00",
    "2026-11-23T07:00:00.123456789",
    "2026-11-23T07:00Z",
    "2026-11-22T07:00+01:00",
    "2027-06-01T08:00",
    "1700000000",
    "24:00",
    "23:59",
    "00:00",
    "7:00",
    "07:00:00",
    "-",
    "--",
    "--json",
    "[" * DEEP,
    "{" * 100,
    "%s%n",
    "../x",
    "é",
    "😀",
    "\u202e",
    "null",
    "true",
)

odd_texts = st.sampled_from(ODD_TEXTS)
# What can travel in a request (as UTF-8): all but the lone surrogate of a byte not UTF-8.
sent_texts = st.sampled_from([t for t in ODD_TEXTS if not any("\ud800" <= c < "\ue000" for c in t)])
short_texts = st.text(max_size=12)


def values(fine: Sequence[str]) -> st.SearchStrategy[str]:
    """Mostly (two times in three) a value that is fine, so the case gets past the first
    check and deeper in; else an odd one."""
    good = st.sampled_from(list(fine))
    return st.one_of(good, good, good, good, odd_texts, short_texts)


def mutated(lines: Sequence[str], odd: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    """``lines`` with none, one or two of them replaced by a value drawn from ``odd``."""

    @st.composite
    def build(draw: st.DrawFn) -> list[str]:
        found = list(lines)
        for _ in range(draw(st.integers(0, 2))):
            found[draw(st.integers(0, len(found) - 1))] = draw(odd)
        return found

    return build()


# JSON values for the API and import files: every type, the edges of each, and deep nesting.
def json_values_with(*edges: object) -> st.SearchStrategy[object]:
    """Any JSON value, nested a little, with ``edges`` among the numbers."""
    leaves = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**20), 10**20),
        st.sampled_from([0, 3, 10, 11, -1, 2**63, *edges]),
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from(list(ODD_TEXTS)),
        st.text(max_size=12),
    )
    return st.recursive(
        leaves,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
        ),
        max_leaves=8,
    )


json_values = json_values_with(HUGE)


def json_text(value: object) -> str:
    """``value`` as JSON, with each ``HUGE`` written as a number of 5,000 digits."""
    import json

    return json.dumps(value).replace(json.dumps(HUGE), "9" * 5000)


def shown(value: object) -> str:
    """``value``'s repr for a failure's note, long strings cut short."""
    text = repr(value)
    return text if len(text) < 2000 else f"{text[:1000]}...{text[-500:]}"


# TOML values as a person might type them, or a damaged file hold them.
ODD_TOML = (
    '""', '" "', '"\\u0000"', '"a\\nb"', '"\\r"', '"\\u007f"', '"\\u0085"', "-1", "0", "11",
    "10", "3.5", "-0.0", "inf", "nan", "-inf", "9" * 5000, "1e400", "true", "false", "[]", "{}",
    '["x"]', "[1, 2]", '"²"', '"\\uff13"', '"' + "x" * 10_000 + '"', '"24:00"', '"25:00"',
    '"7:00"', '"07:00:00"', '"23:59"', '"00:00"', "07:00:00", "1979-05-27T07:32:00Z",
    "0001-01-01", "9999-12-31", '"0001-01-01"', '"mon"', '["sun", "sun"]', '"desk"', '"nowhere"',
    "[" * DEEP + "]" * DEEP, "{ a = { b = { c = 1 } } }", '"knee-rolls"', '"\\ud7ff"', "'lit'",
)  # fmt: skip
ODD_LINES = (
    "x = 1", "[extra]", "[[extra]]", "pain = 3", "[screen]", "[day]", "[[day.moments]]",
    'name = "Lunch"', "= 1", "[", "]]", '"', "# a comment", "", "\x00", "\r", "x = [" * 100,
    "x = " + "[" * DEEP + "]" * DEEP, "y = " + "{ a = " * 500 + "1" + " }" * 500,
)  # fmt: skip


@st.composite
def mutated_toml(draw: st.DrawFn, text: str) -> str:
    """``text`` (a TOML file) with one to three changes: a value made odd, a line left out,
    doubled or added, the file cut short, or a character changed."""
    lines = text.splitlines()
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.integers(0, 9))
        at = draw(st.integers(0, len(lines) - 1))
        if how <= 4 and " = " in lines[at]:
            key = lines[at].partition(" = ")[0]
            lines[at] = f"{key} = {draw(st.sampled_from(ODD_TOML))}"
        elif how == 5:
            del lines[at]
        elif how == 6:
            lines.insert(at, lines[at])
        elif how == 7:
            lines.insert(at, draw(st.sampled_from(ODD_LINES)))
        elif how == 8:
            lines = lines[: at + 1]
            lines[-1] = lines[-1][: draw(st.integers(0, len(lines[-1])))]
        else:
            line = lines[at]
            where = draw(st.integers(0, len(line)))
            odd = draw(st.sampled_from(["\x00", "\r", "\x7f", '"', "[", "]", "=", "\\", "é"]))
            lines[at] = line[:where] + odd + line[where + 1 :]
        if not lines:
            lines = [""]
    return "\n".join(lines) + "\n"
