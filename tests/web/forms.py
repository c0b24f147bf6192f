"""What a page's form would send as it stands, read with the standard library's HTML parser:
text fields as filled in, the chosen option of each list, and the ticked boxes."""

from __future__ import annotations

from html.parser import HTMLParser


class _Form(HTMLParser):
    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action
        self.inside = False
        self.fields: dict[str, list[str]] = {}
        self.select: str | None = None
        self.options: list[tuple[str, bool]] = []
        self.option: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == self.action
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind != "submit":
                self.fields.setdefault(name, []).append(a.get("value") or "")
        elif tag == "select" and name:
            self.select, self.options = name, []
        elif tag == "option" and self.select:
            self.option = a

    def handle_data(self, data: str) -> None:
        if self.option is not None and self.select:
            value = self.option.get("value")
            self.options.append((data if value is None else value, "selected" in self.option))
            self.option = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        if tag == "select" and self.select:
            chosen = [v for v, selected in self.options if selected] or [self.options[0][0]]
            self.fields[self.select] = chosen[:1]
            self.select = None


def form_fields(page: str, action: str) -> dict[str, object]:
    """The form posting to ``action``; a name sent once is a string, several times a list."""
    reader = _Form(action)
    reader.feed(page)
    return {k: v[0] if len(v) == 1 else v for k, v in reader.fields.items()}
