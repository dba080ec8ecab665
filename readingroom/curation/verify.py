"""Check the file store against the attachments recorded in the database."""

from __future__ import annotations

from dataclasses import dataclass, field

from readingroom.curation.models import Attachment
from readingroom.records.files import files_root, path_for, sha256_of


@dataclass
class Report:
    checked: int = 0
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.changed or self.missing or self.unexpected)


def _label(sha256: str, names: list[str]) -> str:
    return f"{path_for(sha256).relative_to(files_root())} ({', '.join(sorted(set(names)))})"


def verify() -> Report:
    """Re-hash every stored file: changed, missing, and files no attachment accounts for."""
    expected: dict[str, list[str]] = {}
    for sha256, name in Attachment.objects.values_list("sha256", "original_name"):
        expected.setdefault(sha256, []).append(name)
    report = Report()
    for sha256, names in sorted(expected.items()):
        path = path_for(sha256)
        if not path.is_file():
            report.missing.append(_label(sha256, names))
        elif sha256_of(path) != sha256:
            report.changed.append(_label(sha256, names))
        else:
            report.checked += 1
    root = files_root()
    if root.is_dir():
        known = {path_for(s) for s in expected}
        extra = (p for p in root.rglob("*") if not p.is_dir() and p not in known)
        report.unexpected = sorted(str(p.relative_to(root)) for p in extra)
    return report
