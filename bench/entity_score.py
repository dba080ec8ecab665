"""Scoring what enrichment stored against a volume's hidden links (bench/entities.py)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import astuple, dataclass, field

from entity_gold import Span, VolumeGold, overlap


@dataclass
class Score:
    predicted: int = 0
    gold: int = 0
    right_predicted: int = 0
    right_gold: int = 0
    items: int = 0
    items_resolved: int = 0
    items_keyed: int = 0
    items_right: int = 0
    strict_predicted: int = 0
    strict_right: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))

    @property
    def precision(self) -> float:
        return self.right_predicted / self.predicted if self.predicted else 0.0

    @property
    def strict_precision(self) -> float:
        """Precision counting untagged repeats of tagged names as wrong."""
        return self.strict_right / self.strict_predicted if self.strict_predicted else 0.0

    @property
    def recall(self) -> float:
        return self.right_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def participants_resolved(self) -> float:
        return self.items_resolved / self.items if self.items else 0.0

    @property
    def participants_right(self) -> float:
        return self.items_right / self.items_keyed if self.items_keyed else 0.0


@dataclass
class Stored:
    """The rows the benchmark reads back from the archive, loaded once."""

    mentions: dict[str, list[Span]] = field(default_factory=dict)  # person id as the key
    attendance: dict[str, dict[int, int]] = field(default_factory=dict)
    listed: dict[tuple[str, str], int] = field(default_factory=dict)  # (volume, key) -> person
    names: dict[int, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Stored:
        from readingroom.authorities.models import Attendance, Mention, Name, PersonDescription

        stored = cls(defaultdict(list), defaultdict(dict))
        rows = Mention.objects.filter(origin="enrichment", kind="person", person__isnull=False)
        for doc, order, start, end, person in rows.values_list(
            "document__identifier", "block__order", "start", "end", "person_id"
        ):
            stored.mentions[doc].append((order, start, end, str(person)))
        present = Attendance.objects.filter(part="participant", block_order=None)
        for doc, item, person in present.values_list("document__identifier", "start", "person_id"):
            stored.attendance[doc][item] = person
        for volume, key, person in PersonDescription.objects.values_list(
            "collection__key", "source_key", "person_id"
        ):
            stored.listed[(volume, key)] = person
        for person, text in Name.objects.values_list("person_id", "text"):
            stored.names.setdefault(person, []).append(text)
        return stored


def by_name(volume: VolumeGold, stored: Stored) -> dict[str, set[int]]:
    """Listed key -> the stored people whose names are that person's (no persons list run)."""
    from readingroom.enrich import namekeys
    from readingroom.enrich.linking import key_of, person_authority

    by_surname: dict[str, list[tuple[int, object]]] = defaultdict(list)
    for person, names in stored.names.items():
        for name in names:
            key = key_of(name)
            by_surname[key.surname].append((person, key))
    found = {}
    for listed_key, listed in volume.listed.items():
        key = key_of(person_authority(listed_key, listed).name)
        found[listed_key] = {
            p for p, k in by_surname.get(key.surname, ()) if namekeys.same_person(key, k)
        }
    return found


def expected_people(volume: VolumeGold, stored: Stored, without_list: bool) -> dict[str, set[int]]:
    if without_list:
        return by_name(volume, stored)
    return {
        k: {stored.listed[(volume.volume, k)]}
        for k in volume.listed
        if (volume.volume, k) in stored.listed
    }


def score_volume(volume: VolumeGold, stored: Stored, without_list: bool) -> Score:
    expected = expected_people(volume, stored, without_list)
    listed_people = {p for people in expected.values() for p in people}
    score = Score()
    for doc, tagged in volume.mentions.items():
        unlinked = volume.unlinked[doc]
        predicted = [
            p for p in stored.mentions.get(doc, []) if not any(overlap(p, u) for u in unlinked)
        ]
        strict = _judged(predicted, tagged, listed_people)
        score += Score(
            strict_predicted=len(strict), strict_right=len(_right(strict, tagged, expected))
        )
        gold = tagged + volume.echoes[doc]
        judged = _judged(predicted, gold, listed_people)
        right = _right(judged, gold, expected)
        found = {
            g
            for p in judged
            for g in tagged
            if overlap(p, g) and int(p[3]) in expected.get(g[3], ())
        }
        score += Score(len(judged), len(tagged), len(right), len(found))
        score += _participants(volume.participants[doc], stored.attendance.get(doc, {}), expected)
    return score


def _judged(predicted: list[Span], gold: list[Span], listed: set[int]) -> list[Span]:
    """Predictions the gold can say something about: on a gold span, or naming a listed person."""
    return [p for p in predicted if int(p[3]) in listed or any(overlap(p, g) for g in gold)]


def _right(judged: list[Span], gold: list[Span], expected: dict[str, set[int]]) -> list[Span]:
    return [
        p
        for p in judged
        if any(overlap(p, g) and int(p[3]) in expected.get(g[3], ()) for g in gold)
    ]


def _participants(keys: list[str], present: dict[int, int], expected: dict[str, set[int]]) -> Score:
    keyed = [i for i, k in enumerate(keys) if k]
    right = [i for i in keyed if present.get(i) in expected.get(keys[i], ())]
    return Score(
        items=len(keys), items_resolved=len(present), items_keyed=len(keyed), items_right=len(right)
    )


def created_persons(stored: Stored, golds: dict[str, VolumeGold]) -> None:
    """People enrichment made beside the lists, and those that duplicate a listed person."""
    listed = set(stored.listed.values())
    if not listed:
        return
    mentions: Counter[int] = Counter()
    duplicates: set[int] = set()
    for volume in golds.values():
        for doc, gold in volume.mentions.items():
            for span in stored.mentions.get(doc, []):
                person = int(span[3])
                if person in listed:
                    continue
                mentions[person] += 1
                if any(overlap(span, g) for g in gold):
                    duplicates.add(person)
    people = len(stored.names)
    created = set(stored.names) - listed
    print(
        f"persons: {people} stored, {len(listed)} from persons lists, {len(created)} made "
        f"beside them ({len(created) / people:.1%}); {len(duplicates)} of those duplicate a "
        f"listed person ({len(duplicates) / people:.1%} of all persons)"
    )
    top = ", ".join(f"{stored.names[p][0]} ({n})" for p, n in mentions.most_common(25))
    print(f"most mentioned of those: {top}")
