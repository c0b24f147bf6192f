"""The account page: signed-in devices (each signed out on its own), passkeys (listed, removed),
and for a patient who looked at their record; then the whole of it in a real browser, with a
virtual authenticator: sign in with a password, add a passkey, sign out, sign in with it."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from backbeat.clinic.account import ago
from backbeat.clinic.browsers import named
from tests.clinic.authenticator import Authenticator
from tests.clinic.conftest import START, Clinic
from tests.clinic.people import PASSWORD, Person, clinician, patient
from tests.clinic.test_passkeys import CHROME, ORIGIN, add_passkey
from tests.conftest import need

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"


def page(person: Person | Any, path: str = "/account") -> str:
    answer = person.get(path)
    assert answer.status_code == 200, answer.text
    return html.unescape(answer.text)


def words(text: str) -> str:
    """The page's words as a person reads them: no tags, spaces as one."""
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def token_of(text: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', text)
    assert found, "the page has no form token"
    return found.group(1)


def device_forms(text: str) -> list[str]:
    return re.findall(r'action="(/account/devices/[0-9a-f]{16}/end)"', text)


def this_device(text: str) -> str:
    """The Sign out form of the device the page was asked from."""
    (line,) = (li for li in re.findall(r"<li>(.*?)</li>", text, re.S) if "this device</span>" in li)
    (form,) = device_forms(line)
    return form


@pytest.fixture
def sam(clinic: Clinic) -> Person:
    return clinician(clinic, "sam@example.org", "North")


def sign_in_as(clinic: Clinic, email: str, agent: str) -> Any:
    client = clinic.client()
    client.headers["user-agent"] = agent
    answer = client.post("/api/v1/login", json={"email": email, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return client


def test_two_sign_ins_show_two_devices_and_ending_one_signs_it_out(
    clinic: Clinic, sam: Person
) -> None:
    phone = sign_in_as(clinic, "sam@example.org", CHROME)
    clinic.clock.now = START + timedelta(minutes=30)
    sam.client.headers["user-agent"] = FIREFOX
    text = page(sam)
    assert "Where you are signed in" in text
    assert "Chrome on Android" in text and "Firefox on Windows" in text
    assert text.count("this device</span>") == 1
    assert "Signed in with your password" in text and "last seen 30 minutes ago" in text
    forms = device_forms(text)
    assert len(forms) == 2
    phone_form = this_device(page(phone))
    assert phone_form in forms and this_device(text) != phone_form
    ended = sam.post(phone_form, data={"csrf": token_of(text)})
    assert ended.status_code == 303 and ended.headers["location"] == "/account?said=ended"
    assert phone.get("/api/v1/me").status_code == 401
    assert phone.get("/account").headers["location"].startswith("/signin")
    after = page(sam, "/account?said=ended")
    assert "That device is signed out." in after and "Chrome on Android" not in after
    assert len(device_forms(after)) == 1


def test_signing_out_this_device_goes_to_the_sign_in_page(clinic: Clinic, sam: Person) -> None:
    text = page(sam)
    (form,) = device_forms(text)
    ended = sam.post(form, data={"csrf": token_of(text)})
    assert ended.status_code == 303 and ended.headers["location"] == "/signin"
    assert sam.get("/api/v1/me").status_code == 401


def test_a_device_form_needs_its_token_and_reaches_only_your_own(
    clinic: Clinic, sam: Person
) -> None:
    pat = patient(clinic, sam, "pat@example.org")
    (theirs,) = device_forms(page(pat))
    mine = page(sam)
    assert sam.post(device_forms(mine)[0]).status_code == 403  # no token
    assert sam.post(device_forms(mine)[0], data={"csrf": "0" * 32}).status_code == 403
    tried = sam.post(theirs, data={"csrf": token_of(mine)})
    assert tried.headers["location"] == "/account?said=gone"
    assert pat.get("/api/v1/me").status_code == 200  # still signed in
    stranger = clinic.client()
    assert stranger.post(theirs, data={"csrf": "x"}).status_code == 303  # sent to sign in
    assert pat.get("/api/v1/me").status_code == 200


def test_passkeys_are_listed_and_removed_on_the_page(clinic: Clinic, sam: Person) -> None:
    text = page(sam)
    assert "You have no passkeys here yet." in text
    assert 'id="passkey-add"' in text and " hidden" in text  # shown by the script, if it can
    assert add_passkey(sam, Authenticator(ORIGIN), name="Work laptop").status_code == 201
    clinic.clock.now = START + timedelta(hours=3)
    text = page(sam)
    assert "Work laptop" in text and "Added 3 hours ago" in text and "not used yet" in text
    (remove,) = re.findall(r'action="(/account/passkeys/[0-9]+/remove)"', text)
    pat = patient(clinic, sam, "pat@example.org")
    tried = pat.post(remove, data={"csrf": token_of(page(pat))})
    assert tried.headers["location"] == "/account?said=gone"
    assert len(sam.get("/api/v1/passkeys").json()) == 1
    assert sam.post(remove).status_code == 403
    removed = sam.post(remove, data={"csrf": token_of(text)})
    assert removed.headers["location"] == "/account?said=removed"
    assert sam.get("/api/v1/passkeys").json() == []
    assert "no longer opens your account" in page(sam, "/account?said=removed")


def test_a_patient_sees_who_looked_at_their_record(clinic: Clinic, sam: Person) -> None:
    pat = patient(clinic, sam, "pat@example.org")
    assert "No one else has looked at your record yet." in page(pat)
    assert sam.get(f"/api/v1/clinic/patients/{pat.id}/progress").status_code == 200
    text = page(pat)
    assert "Who looked at your record" in text
    assert "sam@example.org (clinic admin) read progress" in words(text)
    assert "Who looked at your record" not in page(sam)  # a clinician has no record


def test_the_pages_scripts_are_files_of_their_own(clinic: Clinic, sam: Person) -> None:
    for text in (page(sam), html.unescape(clinic.client().get("/signin").text)):
        assert '<script type="module" src="/clinic-static/passkeys.js"></script>' in text
        assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) is None  # none inline
    signin = clinic.client().get("/signin?next=/account").text
    assert 'id="passkey-signin" data-next="/account"' in signin
    script = clinic.client().get("/clinic-static/passkeys.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "script-src 'self'" in script.headers.get("content-security-policy", "script-src 'self'")
    assert clinic.client().get("/clinic-static/account.css").status_code == 200


@pytest.mark.parametrize(
    ("agent", "name"),
    [
        (CHROME, "Chrome on Android"),
        (FIREFOX, "Firefox on Windows"),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
            "Safari on iPhone",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like "
            "Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Edge on Mac",
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "HeadlessChrome/156.0.0.0 Safari/537.36",
            "Chrome on Linux",
        ),
        ("python-httpx/0.28.1", "A program (python-httpx)"),
        ("", "An unknown browser"),
    ],
)
def test_a_browser_is_named_plainly(agent: str, name: str) -> None:
    assert named(agent) == name


def test_ago_says_when_in_words() -> None:
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert ago(now - timedelta(seconds=30), now) == "just now"
    assert ago(now - timedelta(minutes=5), now) == "5 minutes ago"
    assert ago(now - timedelta(minutes=70), now) == "an hour ago"
    assert ago(now - timedelta(hours=5), now) == "5 hours ago"
    assert ago(now - timedelta(days=3), now) == "on Friday 20 November"


# The whole of it in a real browser ---------------------------------------------------------

FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = need("chromium")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=FLAGS)
        yield launched
        launched.close()


def test_in_a_browser_a_passkey_added_on_the_account_page_signs_in(
    clinic: Clinic, sam: Person, browser: Any
) -> None:
    """Served on http://localhost (a secure context, as passkeys need), with Chromium's virtual
    authenticator standing in for the device's lock."""
    from playwright.sync_api import expect

    from tests.web.conftest import live

    with live(clinic.app) as address:
        base = address.replace("127.0.0.1", "localhost")
        context = browser.new_context()
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        devtools = context.new_cdp_session(tab)
        devtools.send("WebAuthn.enable", {"enableUI": False})
        made = devtools.send(
            "WebAuthn.addVirtualAuthenticator",
            {
                "options": {
                    "protocol": "ctap2",
                    "transport": "internal",
                    "hasResidentKey": True,
                    "hasUserVerification": True,
                    "isUserVerified": True,
                    "automaticPresenceSimulation": True,
                }
            },
        )
        tab.goto(f"{base}/signin?next=/account")
        tab.get_by_label("E-mail").fill("sam@example.org")
        tab.get_by_label("Password").fill(PASSWORD)
        tab.get_by_role("button", name="Sign in", exact=True).click()
        tab.wait_for_url(f"{base}/account")
        expect(tab.get_by_text("this device")).to_be_visible()
        tab.get_by_label("Name it (optional)").fill("Test laptop")
        tab.get_by_role("button", name="Add a passkey").click()
        tab.wait_for_url(f"{base}/account?said=added")
        expect(tab.locator("#passkey-list")).to_contain_text("Test laptop")
        found = devtools.send(
            "WebAuthn.getCredentials", {"authenticatorId": made["authenticatorId"]}
        )
        assert len(found["credentials"]) == 1 and found["credentials"][0]["isResidentCredential"]

        tab.get_by_role("button", name="Sign out (sam@example.org)").click()
        tab.wait_for_url(f"{base}/signin")
        tab.goto(f"{base}/signin?next=/account")
        tab.get_by_role("button", name="Sign in with a passkey").click()
        tab.wait_for_url(f"{base}/account")
        expect(tab.get_by_text("Signed in with a passkey")).to_be_visible()
        expect(tab.locator("#passkey-list")).to_contain_text("last used just now")
        assert errors == []
        context.close()
    hows = sorted(d["how"] for d in sam.get("/api/v1/devices").json())
    assert hows == ["passkey", "password"]  # the browser's, and the test's own client
