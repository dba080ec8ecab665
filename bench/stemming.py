"""English stemmers compared on the FRUS volumes: which word forms each one conflates, the hits
of the search bench's queries, and the rate at which each builds an index (issue 20).

    .venv/bin/python bench/stemming.py [--volumes ../shared/data/frus] [--runs 3]
        [--held-out frus1955-57v25,frus1958-60v18,frus1961-63v06,frus1964-68v17] [--classes]

Reads the volumes with the project's FRUS importer (no database). Candidates, each a function
of one lowercase ASCII-folded token: (a) Snowball English as Tantivy runs it (the index until
issue 20), (b) none, (c) Harman's S-stemmer, (d) Lucene's EnglishMinimalStemmer, (e) the light
stemmer of `readingroom.search.stemming` (e0: its rules without its lists), (f) Snowball with
"directive(s)" kept whole.

Conflation: for each query word of bench/stemming_labels.json, the forms of the vocabulary that
a candidate stems to the query's stem, each weighted by its document frequency. Precision is
the weight of the forms labelled "match" over that of all found forms not labelled "neutral";
recall is the weight of the "match" forms found over that of all "match" forms. The exception
lists of (e) were tuned on the volumes not held out (``--classes`` prints what to tune by);
the scores that count are those on the held-out volumes.

Hits: documents (of all volumes) holding every word and phrase of each text query of
bench/search.py (its speaker: filters left out, date: filters dropped) and of each label word.
Build: documents per second into an in-memory Tantivy index (title and blocks in one
positioned field); Snowball and no stemming as Tantivy analyzers, the others as terms stemmed
in Python and joined by spaces, the way `readingroom.search` now indexes them.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import tantivy

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from readingroom.search import analysis, stemming  # noqa: E402

LABELS = Path(__file__).resolve().parent / "stemming_labels.json"
HELD_OUT = "frus1955-57v25,frus1958-60v18,frus1961-63v06,frus1964-68v17"
Stemmer = Callable[[str], str]


# ---------------------------------------------------------------- candidates


def _tantivy_chain(stemmer: str | None) -> tantivy.TextAnalyzer:
    """The index's analysis as Tantivy ran it: simple tokens, long ones dropped, folded."""
    builder = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
    builder = builder.filter(tantivy.Filter.remove_long(analysis.MAX_TOKEN_BYTES))
    builder = builder.filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold())
    return (builder.filter(tantivy.Filter.stemmer(stemmer)) if stemmer else builder).build()


SNOWBALL = _tantivy_chain("english")


def snowball(word: str) -> str:
    return next(iter(SNOWBALL.analyze(word)), word)


def folded(word: str) -> str:
    return word


def harman(word: str) -> str:
    """Harman (1991), "How effective is suffixing?": the first rule that applies, as published."""
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if word.endswith("s") and not word.endswith(("us", "ss")):
        return word[:-1]
    return word


def minimal(word: str) -> str:
    """Lucene's EnglishMinimalStemmer (after Harman), as its source reads."""
    if len(word) < 3 or word[-1] != "s" or word[-2] in "us":
        return word
    if word[-2] == "e":
        if len(word) > 3 and word[-3] == "i" and word[-4] not in "ae":
            return word[:-3] + "y"
        if word[-3] in "iaoe":
            return word
    return word[:-1]


KEPT = {"directive": "directive", "directives": "directive"}


def snowball_kept(word: str) -> str:
    return KEPT.get(word) or snowball(word)


CANDIDATES: dict[str, Stemmer] = {
    "(a) Snowball English": snowball,
    "(b) none (folded)": folded,
    "(c) Harman S-stemmer": harman,
    "(d) Lucene minimal": minimal,
    "(e) light + lists": stemming.light_stem,
    "(e0) light, rules only": stemming.plural_rules,
    "(f) Snowball + directive": snowball_kept,
}
NATIVE = {"(a) Snowball English": SNOWBALL, "(b) none (folded)": _tantivy_chain(None)}


def memoized(fn: Stemmer) -> Stemmer:
    memo: dict[str, str] = {}

    def run(word: str) -> str:
        found = memo.get(word)
        if found is None:
            found = memo[word] = fn(word)
        return found

    return run


# ---------------------------------------------------------------- corpus


@dataclass
class Volume:
    name: str
    docs: list[list[str]]  # each document's texts: its title, then its blocks


def read_volumes(folder: Path) -> list[Volume]:
    from readingroom.ingest.frus import FrusImporter

    volumes = []
    for path in sorted(folder.glob("frus*.xml")):
        docs = [
            [d.title, *(b.text for b in d.blocks if b.text)]
            for d in FrusImporter().parse(path).documents
        ]
        volumes.append(Volume(path.stem, docs))
    return volumes


def vocabulary(volumes: list[Volume]) -> Counter[str]:
    """Document frequency of every folded token."""
    folded_chain = NATIVE["(b) none (folded)"]
    df: Counter[str] = Counter()
    for volume in volumes:
        for texts in volume.docs:
            df.update(set(folded_chain.analyze(analysis.normalize(" ".join(texts)))))
    return df


# ---------------------------------------------------------------- conflation


@dataclass
class Score:
    right: float = 0.0  # weight of "match" forms found
    counted: float = 0.0  # weight of found forms not labelled neutral
    relevant: float = 0.0  # weight of every "match" form
    precisions: list[float] | None = None
    recalls: list[float] | None = None
    wrong: Counter[str] | None = None
    missed: Counter[str] | None = None


def conflation(stem: Stemmer, df: Counter[str], labels: dict) -> Score:
    by_stem: dict[str, list[str]] = {}
    for word in df:
        by_stem.setdefault(stem(word), []).append(word)
    score = Score(precisions=[], recalls=[], wrong=Counter(), missed=Counter())
    for query, label in labels.items():
        match, neutral = set(label["match"]), set(label["neutral"])
        relevant = sum(df[w] for w in match)
        if not relevant:
            continue
        found = set(by_stem.get(stem(query), ()))
        right = sum(df[w] for w in found & match)
        counted = sum(df[w] for w in found - neutral)
        score.right, score.counted = score.right + right, score.counted + counted
        score.relevant += relevant
        score.precisions.append(right / counted if counted else 1.0)
        score.recalls.append(right / relevant)
        score.wrong.update({f"{query}→{w}": df[w] for w in found - match - neutral})
        score.missed.update({f"{query}↛{w}": df[w] for w in match - found if df[w]})
    return score


def conflation_table(title: str, df: Counter[str], labels: dict) -> None:
    print(f"conflation on {title}: {len(df):,} word forms")
    print(f"{'candidate':<26} {'P micro':>7} {'R micro':>7} {'P macro':>7} {'R macro':>7}"
          f" {'queries':>7} {'wrong':>5} {'forms':>8}")  # fmt: skip
    for name, fn in CANDIDATES.items():
        stem = memoized(fn)
        sc = conflation(stem, df, labels)
        assert sc.precisions is not None and sc.recalls is not None and sc.wrong is not None
        wrong_queries = len({k.split("→")[0] for k in sc.wrong})
        classes = len({stem(w) for w in df})
        print(
            f"{name:<26} {sc.right / sc.counted:7.3f} {sc.right / sc.relevant:7.3f} "
            f"{statistics.mean(sc.precisions):7.3f} {statistics.mean(sc.recalls):7.3f} "
            f"{len(sc.precisions):7} {wrong_queries:5} {classes:8,}"
        )
    print("(wrong: queries that find at least one form outside their match and neutral lists;")
    print(" forms: distinct index terms the vocabulary turns into)")
    print()


def conflation_details(df: Counter[str], labels: dict, top: int = 12) -> None:
    """The heaviest wrong conflations and misses of each candidate."""
    for name, fn in CANDIDATES.items():
        sc = conflation(memoized(fn), df, labels)
        assert sc.wrong is not None and sc.missed is not None
        wrong = ", ".join(f"{k} ({n})" for k, n in sc.wrong.most_common(top))
        missed = ", ".join(f"{k} ({n})" for k, n in sc.missed.most_common(top))
        print(f"{name}\n  wrong:  {wrong or '-'}\n  missed: {missed or '-'}")
    print()


def tuning_classes(df: Counter[str], top: int = 40) -> None:
    """What the lists of (e) were tuned by: the plurals it stems to a word the volumes do not
    hold (a missed singular, or a wrong rule), and the forms it merges, lightest first."""
    classes: dict[str, list[str]] = {}
    for word in df:
        classes.setdefault(stemming.light_stem(word), []).append(word)
    orphans = [(df[w], w, s) for s, ws in classes.items() if s not in df for w in ws]
    print("stemmed to a form not in the volumes:")
    print("  " + ", ".join(f"{w}→{s} ({n})" for n, w, s in sorted(orphans, reverse=True)[:top]))
    merged = [(min(df[w] for w in ws), s, ws) for s, ws in classes.items() if len(ws) > 1]
    print("merged, by the weight of the lightest form:")
    for weight, stem, words in sorted(merged, reverse=True)[: top * 2]:
        print(f"  {weight:5} {stem}: {' '.join(sorted(words, key=lambda w: -df[w]))}")
    print()


# ---------------------------------------------------------------- index and queries


WHITESPACE = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
FOLDED_CHAIN = NATIVE["(b) none (folded)"]


def python_terms(stem: Stemmer, text: str) -> list[str]:
    return [stem(t) for t in FOLDED_CHAIN.analyze(analysis.normalize(text))]


def build(volumes: list[Volume], name: str) -> tuple[tantivy.Index, float]:
    """An in-memory index of every document under candidate ``name``, and its seconds."""
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("body", tokenizer_name="candidate")
    index = tantivy.Index(builder.build())
    native = NATIVE.get(name)
    index.register_tokenizer("candidate", native or WHITESPACE)
    stem = memoized(CANDIDATES[name])  # a new memo: learning the words is part of the cost
    started = time.perf_counter()
    writer = index.writer(heap_size=256_000_000)
    for volume in volumes:
        for texts in volume.docs:
            doc = tantivy.Document()
            for text in texts:
                if native:
                    doc.add_text("body", analysis.normalize(text))
                else:
                    doc.add_text("body", " ".join(python_terms(stem, text)))
            writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()
    seconds = time.perf_counter() - started
    index.reload()
    return index, seconds


def query_parts(text: str) -> list[str]:
    """A bench query's phrases and words, its date: filter dropped."""
    text = re.sub(r"\bdate:\S+", " ", text)
    return re.findall(r'"([^"]+)"', text) + re.sub(r'"[^"]*"', " ", text).split()


def hits(index: tantivy.Index, name: str, text: str) -> int:
    """Documents holding every word and phrase of ``text`` as candidate ``name`` reads them."""
    native, stem = NATIVE.get(name), memoized(CANDIDATES[name])
    schema, musts = index.schema, []
    for part in query_parts(text):
        terms = native.analyze(analysis.normalize(part)) if native else python_terms(stem, part)
        if len(terms) == 1:
            musts.append((tantivy.Occur.Must, tantivy.Query.term_query(schema, "body", terms[0])))
        elif terms:
            phrase = tantivy.Query.phrase_query(schema, "body", terms)
            musts.append((tantivy.Occur.Must, phrase))
    if not musts:
        return 0
    return index.searcher().search(tantivy.Query.boolean_query(musts), 1).count


def bench_queries(labels: dict) -> list[str]:
    from search import QUERIES  # bench/search.py

    texts = [q for qs in QUERIES.values() for q in qs if "speaker:" not in q]
    return texts + [w for w in labels if w not in texts]


def hits_and_builds(volumes: list[Volume], labels: dict, runs: int) -> None:
    queries = bench_queries(labels)
    found: dict[str, list[int]] = {}
    rates: dict[str, float] = {}
    docs = sum(len(v.docs) for v in volumes)
    seconds: dict[str, list[float]] = {name: [] for name in CANDIDATES}
    for run in range(runs):  # the candidates in turn, so each sees the same machine load
        for name in CANDIDATES:
            index, took = build(volumes, name)
            seconds[name].append(took)
            if run == 0:
                found[name] = [hits(index, name, q) for q in queries]
            del index
    for name, taken in seconds.items():
        rates[name] = docs / statistics.median(taken)
    names = list(CANDIDATES)
    print(f"index build, {docs:,} documents, median of {runs} runs (docs/s):")
    for name in names:
        print(f"  {name:<26} {rates[name]:7,.0f}")
    print()
    print("hits (documents of all volumes):")
    print(f"{'query':<28}" + "".join(f"{n.split()[0]:>8}" for n in names))
    for i, query in enumerate(queries):
        print(f"{query[:28]:<28}" + "".join(f"{found[n][i]:8,}" for n in names))
    print()


# ---------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--volumes", type=Path, default=REPO.parent / "shared" / "data" / "frus")
    parser.add_argument("--held-out", default=HELD_OUT, help="volumes scored, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="index builds per candidate")
    parser.add_argument("--classes", action="store_true", help="print what (e) was tuned by")
    args = parser.parse_args()
    from search import load, machine  # bench/search.py

    volumes = read_volumes(args.volumes)
    held = set(args.held_out.split(","))
    if not volumes or not held <= {v.name for v in volumes}:
        sys.exit(f"volumes {sorted(held)} not all in {args.volumes}")
    tune = [v for v in volumes if v.name not in held]
    scored = [v for v in volumes if v.name in held]
    labels = json.loads(LABELS.read_text())["queries"]
    print(f"date       {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    print(f"machine    {machine()}")
    print(f"load avg   {load()} (1, 5, 15 min) at the start")
    for label, part in (("held out", scored), ("tuned on", tune)):
        names, docs = ", ".join(v.name for v in part), sum(len(v.docs) for v in part)
        print(f"{label:<10} {names} ({docs} docs)")
    print(f"labels     {len(labels)} query words, {LABELS.name}")
    print()
    tune_df = vocabulary(tune)
    if args.classes:
        tuning_classes(tune_df)
        conflation_details(tune_df, labels)
        return
    held_df = vocabulary(scored)
    conflation_table("the held-out volumes", held_df, labels)
    conflation_table("the tuning volumes", tune_df, labels)
    print("held-out volumes, heaviest wrong conflations and misses (document frequency):")
    conflation_details(held_df, labels)
    hits_and_builds(volumes, labels, args.runs)
    print(f"load avg   {load()} (1, 5, 15 min) at the end")


if __name__ == "__main__":
    main()
