"""What a document identifier or a collection key may be: the one rule, and a normalizer.

Both are page addresses (`/documents/<identifier>/`, `/collections/<key>/`), matched by
Django's `<slug:…>` converter, so a value outside it makes every page that links the record
fail. The rule is that converter's: ASCII letters, digits, "-" and "_", at least one
character, at most the column's length. Plain Python, so the record contract may cite it.

Identifiers a person wrote (CSV, JSONL, the admin) are checked with `problem` and refused;
identifiers an importer derives from something else (a file name, an `xml:id`) are made valid
with `normalized`, which keeps a valid value as it is and maps the same input to the same
output, so re-importing never duplicates.
"""

from __future__ import annotations

import hashlib
import re

# The same character class as django.urls.converters.SlugConverter.regex (a test checks it).
SLUG = "[-a-zA-Z0-9_]+"
IDENTIFIER_LENGTH = 120  # records.Document.identifier
KEY_LENGTH = 100  # records.Collection.key
EXPECTED = "letters A-Z or a-z, digits, '-' and '_' only (it is part of a page address)"

_VALID = re.compile(SLUG)
_INVALID_RUN = re.compile(r"[^-a-zA-Z0-9_]+")


def problem(value: object, max_length: int = IDENTIFIER_LENGTH) -> str:
    """What is wrong with `value` as an identifier, or "" when it is valid."""
    if not isinstance(value, str):
        return f"expected text, found {type(value).__name__}"
    if not value:
        return f"is empty; expected 1 to {max_length} characters, {EXPECTED}"
    if len(value) > max_length:
        return f"{value[:40]!r}… has {len(value):,} characters; expected at most {max_length}"
    if not _VALID.fullmatch(value):
        return f"{value!r} is not valid; expected {EXPECTED}"
    return ""


def is_valid(value: object, max_length: int = IDENTIFIER_LENGTH) -> bool:
    return not problem(value, max_length)


def normalized(text: str, max_length: int = IDENTIFIER_LENGTH) -> str:
    """`text` made valid: kept if it is; else each run of other characters becomes "-"
    ("my vol" -> "my-vol", "d1.5" -> "d1-5"), and a value that ends up empty or too long is
    cut and given a digest of `text`, so that different inputs stay apart."""
    if is_valid(text, max_length):
        return text
    slug = _INVALID_RUN.sub("-", text).strip("-")
    if slug and len(slug) <= max_length:
        return slug
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{slug[: max_length - len(digest) - 1]}-{digest}".strip("-")
