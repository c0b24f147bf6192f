"""A browser named plainly from its User-Agent ("Chrome on Android"), so that a person can tell
their signed-in devices and passkeys apart. A guess from a header the browser chooses: it names
things, it never decides anything."""

from __future__ import annotations

# The first mark found names the browser; the order matters (Edge and Opera say "Chrome" too,
# and Chrome says "Safari").
BROWSERS = (
    ("Edg", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("HeadlessChrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Macintosh", "Mac"),
    ("Linux", "Linux"),
)
UNKNOWN = "An unknown browser"


def named(agent: str) -> str:
    """``Chrome on Android``, ``Safari on iPhone``; a program by its own first word
    (``python-httpx``); ``An unknown browser`` when the header says nothing."""
    browser = next((name for mark, name in BROWSERS if mark in agent), None)
    system = next((name for mark, name in SYSTEMS if mark in agent), None)
    if browser and system:
        return f"{browser} on {system}"
    if browser or system:
        return browser or f"A browser on {system}"
    word = agent.strip().split("/")[0].split(" ")[0][:40]
    return f"A program ({word})" if word else UNKNOWN
