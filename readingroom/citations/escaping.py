"""Field values made safe for the line-based downloads: BibTeX and RIS.

Both formats read structure from lines and brackets: an RIS record ends at a line `ER  - `,
a BibTeX entry at its closing brace and a new one begins at `@`. A summary holding
"\\r\\nER  - \\r\\nTY  - GEN" must stay one field of one record, so every value is put on
one line (line breaks and control characters become a space) and BibTeX's braces are kept
balanced. Plain Python, no Django.
"""

from __future__ import annotations

import re
from typing import Any

# Control characters (line breaks among them) and Unicode's line and paragraph separators.
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# What a URL written into BibTeX must not hold raw: braces, backslashes and spaces.
_URL_UNSAFE = re.compile(r"[{}\\\s]")


def one_line(text: str) -> str:
    """The value on one line: breaks and control characters become one space, runs of
    spaces one space, so no value can begin a line of its own (a tag, an `@` entry)."""
    return " ".join(_BREAKS.sub(" ", text).split())


def one_line_values(entry: dict[str, Any]) -> dict[str, Any]:
    """Every string of an entry (and of its lists) on one line."""
    return {
        key: [one_line(v) for v in value] if isinstance(value, list) else one_line(str(value))
        for key, value in entry.items()
    }


def plain_url(url: str) -> str:
    """A URL with the characters BibTeX would read as structure percent-encoded."""
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)


TEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "~": r"\textasciitilde{}",
    "^": r"\^{}",
    **{ch: "\\" + ch for ch in "&%$#_"},
}
# A brace without its partner would end the field early (BibTeX counts braces even when
# escaped), so it is written as a command instead.
LONE_BRACES = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}


def _lone_braces(text: str) -> set[int]:
    """Positions of the braces in `text` that have no partner."""
    opened: list[int] = []
    lone: set[int] = set()
    for i, ch in enumerate(text):
        if ch == "{":
            opened.append(i)
        elif ch == "}":
            if opened:
                opened.pop()
            else:
                lone.add(i)
    return lone | set(opened)


def tex(text: str) -> str:
    """Escape LaTeX's special characters (UTF-8 letters pass through for biber); braces stay
    balanced, so a field's value can never close its field."""
    lone = _lone_braces(text)
    out = []
    for i, ch in enumerate(text):
        if ch in LONE_BRACES:
            out.append(LONE_BRACES[ch] if i in lone else "\\" + ch)
        else:
            out.append(TEX_SPECIALS.get(ch, ch))
    return "".join(out)
