"""Fuzzing the door in front of the web app: odd Host headers, paths and login tokens never
give a 500, a request without the login token is refused whatever it asks for, and the
redirect after logging in stays on this server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from tests.fuzz.conftest import Person, answered
from tests.fuzz.odd import fuzz, sent_texts, short_texts
from tests.web.conftest import Clock, TestClient, make_app

TOKEN = "sesame-0123456789"
PATHS = ("/", "/settings", "/api/v1/today", "//evil.example", "/\\evil.example", "/%2F%2Fevil")
paths = st.one_of(
    st.sampled_from(PATHS),
    st.builds(
        lambda p: "/" + p, st.text(st.characters(min_codepoint=33, max_codepoint=126), max_size=20)
    ),
)


@pytest.fixture
def served_beyond(person: Person) -> Iterator[TestClient]:
    app = make_app(person.home, {}, Clock(person.at), login_token=TOKEN)
    with TestClient(app, base_url="http://192.168.1.20:8765", follow_redirects=False) as client:
        yield client


@fuzz(80)
@given(path=paths, token=st.one_of(st.just(TOKEN), sent_texts, short_texts))
def test_only_the_login_token_opens_the_door_and_it_leads_only_here(
    served_beyond: TestClient, path: str, token: str
) -> None:
    served_beyond.cookies.clear()
    note(f"GET {path!r} ?token={token!r}")
    response = served_beyond.get(path, params={"token": token})
    answered(response)
    if token != TOKEN:
        assert response.status_code == 401
    elif response.status_code == 303:
        where = response.headers["location"]
        assert where.startswith("/") and not where.startswith(("//", "/\\")), where


@fuzz(60)
@given(host=st.one_of(sent_texts, short_texts, st.sampled_from(["[::1]:8765", "localhost."])))
def test_any_host_is_answered_and_only_loopback_names_are_served(person: Person, host: str) -> None:
    app = make_app(person.home, {}, Clock(person.at))
    with TestClient(app, base_url="http://127.0.0.1:8765", follow_redirects=False) as client:
        try:
            response = client.get("/moves", headers={"host": host})
        except UnicodeEncodeError:  # not a header a client can send
            return
    answered(response)
    assert response.status_code in (200, 400)
