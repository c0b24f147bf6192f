"""The door: only loopback names, a login token beyond loopback, CSRF on every form, and a
Content-Security-Policy that lets a page load nothing from elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backbeat.web.guard import host_name, is_loopback
from tests.cli.test_plan import write_profile
from tests.web.conftest import Clock, TestClient, Web, make_app


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "localhost:8765", "[::1]:8765", "localhost"])
def test_loopback_names_are_answered(web: Web, host: str) -> None:
    assert web.get("/safety", headers={"host": host}).status_code == 200


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:8765", "192.168.1.20:8765", "127.0.0.1.evil.example"]
)
def test_other_names_are_refused_against_dns_rebinding(web: Web, host: str) -> None:
    response = web.get("/safety", headers={"host": host})
    assert response.status_code == 400
    assert "answers only to localhost" in response.text


def test_every_page_allows_only_its_own_origin(web: Web) -> None:
    for path in ("/welcome", "/safety", "/moves", "/static/app.css", "/no-such-page"):
        policy = web.get(path).headers["content-security-policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy, path
        assert "unsafe-inline" not in policy and "http" not in policy, path


def test_pages_load_nothing_from_elsewhere(web: Web) -> None:
    write_profile(web.home)
    for path in (
        "/",
        "/welcome",
        "/moves",
        "/moves/knee-rolls",
        "/plan",
        "/journal",
        "/settings",
        "/handout",
        "/safety",
        "/session?place=desk",
    ):
        html = web.get(path).text
        for attribute in ('src="http', "src='http", 'href="http', "//cdn", "@import"):
            assert attribute not in html, (path, attribute)


def test_a_form_without_the_csrf_token_changes_nothing(web: Web) -> None:
    response = web.client.post("/journal/checkin", data={"morning_pain": "3"})
    assert response.status_code == 403 and "nothing was saved" in response.text
    response = web.client.post("/journal/checkin", data={"morning_pain": "3", "csrf": "guess"})
    assert response.status_code == 403
    assert "Nothing recorded yet" in web.get("/journal").text


def test_a_change_sent_from_another_site_is_refused(web: Web) -> None:
    response = web.client.post(
        "/journal/checkin",
        data={"csrf": web.csrf, "morning_pain": "3"},
        headers={"origin": "http://evil.example"},
    )
    assert response.status_code == 403 and "another site" in response.text
    same = web.client.post(
        "/journal/checkin",
        data={"csrf": web.csrf, "morning_pain": "3"},
        headers={"origin": "http://127.0.0.1:8765"},
    )
    assert same.status_code == 303


def test_beyond_loopback_every_request_needs_the_login_token(home: Path, clock: Clock) -> None:
    app = make_app(home, {}, clock, login_token="s3cret-token")
    with TestClient(app, base_url="http://192.168.1.20:8765", follow_redirects=False) as client:
        assert client.get("/safety").status_code == 401
        assert client.get("/safety?token=wrong").status_code == 401
        login = client.get("/safety?token=s3cret-token")
        assert login.status_code == 303 and login.headers["location"] == "/safety"
        assert "HttpOnly" in login.headers["set-cookie"]
        assert client.get("/safety").status_code == 200  # the cookie now carries it
    with TestClient(app, base_url="http://192.168.1.20:8765") as stranger:
        assert stranger.get("/moves").status_code == 401


@given(
    st.sampled_from(["localhost", "127.0.0.1", "::1", "127.3.4.5", "app.localhost"]),
    st.integers(1, 65535),
)
def test_host_names_with_ports_are_read_as_their_names(name: str, port: int) -> None:
    header = f"[{name}]:{port}" if ":" in name else f"{name}:{port}"
    assert host_name(header) == name and is_loopback(host_name(header))


@given(st.from_regex(r"[a-z]{1,10}\.(com|example|net)", fullmatch=True))
def test_public_names_are_not_loopback(name: str) -> None:
    assert not is_loopback(name)
