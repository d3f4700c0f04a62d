"""Measure the newsletter importer against the hand-made gold facts of the seed documents.

For each seed document in ../shared/seeds/, the importer runs alone into an
in-memory pyoxigraph store (one named graph), the named queries of `queries/`
run over the union of graphs, and their rows are matched to the gold facts of
that document (../shared/gold/seeds.jsonl) with accent- and case-insensitive
fuzzy matching. Prints recall and precision per fact type as a Markdown table.

    .venv/bin/python benchmarks/eval_extraction.py [--seeds DIR] [--gold FILE] [--verbose]

`--seeds DIR --gold FILE` measure any directory of documents against a gold
file in the same format, e.g. the held-out corpus of the tests:

    .venv/bin/python benchmarks/eval_extraction.py --seeds tests/ingest/data/corpus \
        --gold tests/ingest/data/corpus/gold.jsonl

Matching rules (key fields per type; strings are `fold`ed: accents, case, hyphens):
- names match when difflib's ratio >= 0.85, or when one name's significant words
  are all contained in the other's (events: at least half of them, see below);
- country groups compare by ISO code when both names resolve to a country
  ("groupe-pays Corée" = "groupe-pays République de Corée"); thematic groups by theme;
- presidencies: group + person; roles: person + role text (ratio >= 0.85 or
  >= 60 % of the gold role's words); country groups: group + country; funds: fund
  name (or same country); donors: fund + donor; partnerships: {a, b} unordered;
- events: when the gold fact has a start date, same start date and at least half
  of the gold name's significant words in the row's name (or the reverse); when it
  has none, the name alone (ratio >= 0.85 or 75 % of the words).
A row counts as correct (precision) when it matches any gold fact of its type in
that document (for roles: any role or presidency fact of the person).

Two more lines: "document dates" (the date detected from each document equals
the gold `doc_date`) and "collectivités of found roles" (for each found
presidency or role whose gold fact names a collectivité, the row's collectivité
is the same actor). A document the importer refuses counts as finding nothing.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import pyoxigraph as ox  # noqa: E402

from coopgraph.identity import fold, name_key  # noqa: E402
from coopgraph.ingest.lettre import LettreError, parse_lettre  # noqa: E402
from coopgraph.ingest.lettre.countries import resolve_country  # noqa: E402
from coopgraph.ingest.lettre.lexicon import organization_by_acronym  # noqa: E402

SHARED = ROOT.parent / "shared"
QUERIES = ROOT / "queries"
THRESHOLD = 0.85
_STOP = {
    "de", "du", "des", "la", "le", "les", "l", "d", "et", "a", "au", "aux", "en", "pour", "sur", "un", "une",
    "the", "of", "edition", "avec", "dans", "par", "sa", "son", "ses",
}  # fmt: skip

Row = dict[str, str | None]
Gold = dict[str, object]


# --- string matching --------------------------------------------------------------------


def words(text: str | None) -> set[str]:
    return {w for w in fold(text or "").split() if w not in _STOP}


def ratio(a: str | None, b: str | None) -> float:
    return difflib.SequenceMatcher(None, fold(a or ""), fold(b or "")).ratio()


def contained(gold: str | None, row: str | None, share: float = 1.0) -> bool:
    """At least `share` of the gold's significant words are in the row (or the reverse)."""
    g, r = words(gold), words(row)
    if not g or not r:
        return False
    return len(g & r) / len(g) >= share or len(g & r) / len(r) >= share


def same_name(gold: str | None, row: str | None) -> bool:
    return ratio(gold, row) >= THRESHOLD or contained(gold, row, 1.0) or same_identity(gold, row)


def same_identity(gold: str | None, row: str | None) -> bool:
    """Two spellings of one actor under the project's identity rules.

    `name_key` folds "Conseil départemental de la X" / "Département de X"; a known
    acronym stands for its institution ("RCDP" = "Réseau de coopération ... Palestine").
    """
    if not gold or not row:
        return False
    if name_key(gold) == name_key(row):
        return True
    expand = [organization_by_acronym(part.strip(" ()")) for part in re.split(r"[()]", gold) if part.strip(" ()")]
    return any(known is not None and fold(known[0]) == fold(row) for known in expand)


def country_code(text: str | None) -> str | None:
    if not text:
        return None
    country = resolve_country(text)
    return country.alpha3 if country else None


def group_key(label: str | None) -> str:
    label = (label or "").strip()
    m = re.match(r"(?i:groupes?[- ]pays)\s+(?P<x>.+)$", label)
    if m and (code := country_code(m["x"])):
        return f"country:{code}"
    m = re.match(
        r"(?i:groupe\s+th[ée]matique|groupe|dynamique(?:\s+th[ée]matique)?|mission(?:\s+transversale)?|club)\s+(?P<x>.+)$",
        label,
    )
    return f"theme:{fold(m['x'])}" if m else f"name:{fold(label)}"


def same_group(gold: str | None, row: str | None) -> bool:
    gk, rk = group_key(gold), group_key(row)
    if gk.startswith("country:") or rk.startswith("country:"):
        return gk == rk
    return ratio(gk, rk) >= THRESHOLD or same_name(gold, row)


def same_country(gold: str | None, row: str | None) -> bool:
    gc, rc = country_code(gold), country_code(row)
    return (gc is not None and gc == rc) or ratio(gold, row) >= THRESHOLD


# --- per-type matchers --------------------------------------------------------------------


def match_presides(g: Gold, r: Row) -> bool:
    return same_group(g["group"], r["group"]) and same_name(g["person"], r["person"])  # type: ignore[arg-type]


def match_role(g: Gold, r: Row) -> bool:
    if not same_name(g["person"], r["person"]):  # type: ignore[arg-type]
        return False
    if not g.get("role"):
        return True
    return ratio(g["role"], r["role"]) >= THRESHOLD or contained(g["role"], r["role"], 0.6)  # type: ignore[arg-type]


def match_country_group(g: Gold, r: Row) -> bool:
    return same_group(g["group"], r["group"]) and same_country(g["country"], r["country"])  # type: ignore[arg-type]


def match_fund(g: Gold, r: Row) -> bool:
    if same_name(g["fund"], r["fund"]):  # type: ignore[arg-type]
        return True
    gc, rc = country_code(str(g["fund"]).split()[-1]), country_code(r["country"])
    return gc is not None and gc == rc


def match_donor(g: Gold, r: Row) -> bool:
    donor_ok = ratio(g["donor"], r["donor"]) >= THRESHOLD or same_identity(g["donor"], r["donor"])  # type: ignore[arg-type]
    return match_fund(g, {"fund": r["fund"], "country": None}) and donor_ok


def match_event(g: Gold, r: Row) -> bool:
    if g.get("start"):
        return g["start"] == r["start"] and contained(g["name"], r["event"], 0.5)  # type: ignore[arg-type]
    return ratio(g["name"], r["event"]) >= THRESHOLD or contained(g["name"], r["event"], 0.75)  # type: ignore[arg-type]


def match_partnership(g: Gold, r: Row) -> bool:
    def same(x: object, y: str | None) -> bool:
        return same_name(str(x), y)

    return (same(g["a"], r["a"]) and same(g["b"], r["b"])) or (same(g["a"], r["b"]) and same(g["b"], r["a"]))


@dataclass(frozen=True)
class Check:
    """One line of the table: a gold type, the query whose rows answer it, and how to match."""

    label: str
    gold_types: tuple[str, ...]
    query: str
    match: Callable[[Gold, Row], bool]
    recall_filter: Callable[[Gold], bool] = lambda g: True
    precision_types: tuple[str, ...] = ()
    target_recall: float | None = None


CHECKS = (
    Check("presidencies", ("presides",), "presidencies", match_presides, target_recall=0.9),
    Check("roles", ("holds_role",), "roles", match_role, precision_types=("holds_role", "presides"), target_recall=0.8),
    Check("country groups", ("country_group",), "country-groups", match_country_group, target_recall=0.9),
    Check("funds", ("fund",), "funds", match_fund, target_recall=0.9),
    Check("fund donors", ("fund_donor",), "fund-donors", match_donor, target_recall=0.9),
    Check(
        "events with dates",
        ("event",),
        "events",
        match_event,
        recall_filter=lambda g: bool(g.get("start")),
        target_recall=0.8,
    ),
    Check("events (all)", ("event",), "events", match_event),
    Check("partnerships", ("partnership",), "partnerships", match_partnership, target_recall=0.8),
)

# Gold types that no named query answers: measured (recall only) with these queries.
EXTRA_QUERIES = {
    "partner_org": """PREFIX coop: <https://w3id.org/coopgraph/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?name WHERE { ?o a coop:PartnerOrganization . { ?o rdfs:label ?name } UNION { ?o skos:altLabel ?name } }""",
    "dcol_beneficiary": """PREFIX coop: <https://w3id.org/coopgraph/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?collectivite ?call WHERE { ?a coop:beneficiaryOf ?p . ?a rdfs:label ?collectivite . ?p rdfs:label ?call }""",
    "cooperates_with_country": """PREFIX coop: <https://w3id.org/coopgraph/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?collectivite ?country WHERE { ?a coop:cooperatesWithCountry ?c . ?a rdfs:label ?collectivite . ?c rdfs:label ?country }""",
}
EXTRA_MATCH: dict[str, Callable[[Gold, Row], bool]] = {
    "partner_org": lambda g, r: any(
        same_name(part.strip(" ()"), r["name"]) for part in re.split(r"\s*\(|\)\s*", str(g["org"])) if part.strip()
    ),
    "dcol_beneficiary": lambda g, r: (
        ratio(g["collectivite"], r["collectivite"]) >= THRESHOLD and same_name(g["call"], r["call"])
    ),  # type: ignore[arg-type]
    "cooperates_with_country": lambda g, r: (
        same_name(g["collectivite"], r["collectivite"]) and same_country(g["country"], r["country"])
    ),  # type: ignore[arg-type]
}


# --- running -------------------------------------------------------------------------------


def run_query(store: ox.Store, text: str) -> list[Row]:
    result = store.query(text, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    return [
        {n: (term.value if term is not None else None) for n, term in zip(names, row, strict=True)} for row in result
    ]


def load_document(path: Path) -> tuple[ox.Store, str | None]:
    """The document imported alone into a fresh store, and its detected date (None if refused)."""
    store = ox.Store()
    graph = ox.NamedNode(f"https://w3id.org/coopgraph/graph/import/eval/{path.stem}")
    try:
        result = parse_lettre(path)
    except LettreError as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return store, None
    store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in result.triples)
    return store, result.document_date.iso()


@dataclass
class Tally:
    gold: int = 0
    gold_found: int = 0
    rows: int = 0
    rows_right: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float | None:
        return self.gold_found / self.gold if self.gold else None

    @property
    def precision(self) -> float | None:
        return self.rows_right / self.rows if self.rows else None


def evaluate(seeds: Path, gold_file: Path) -> tuple[dict[str, Tally], dict[str, Tally]]:
    """Tallies per check (named queries) and per extra gold type (plus document dates, collectivités)."""
    gold_by_doc: dict[str, list[Gold]] = defaultdict(list)
    for line in gold_file.read_text(encoding="utf-8").splitlines():
        if line.strip():
            fact = json.loads(line)
            gold_by_doc[str(fact["doc"])].append(fact)
    tallies = {c.label: Tally() for c in CHECKS}
    extras = {t: Tally() for t in EXTRA_QUERIES}
    extras["document dates"] = Tally()
    extras["collectivités of found roles"] = Tally()
    queries = {c.query: (QUERIES / f"{c.query}.rq").read_text(encoding="utf-8") for c in CHECKS}
    for path in sorted(seeds.iterdir()):
        if path.suffix.lower() not in {".txt", ".md", ".pdf"}:
            continue
        store, doc_date = load_document(path)
        gold = gold_by_doc.get(path.name, [])
        rows_by_query = {name: run_query(store, text) for name, text in queries.items()}
        _tally_date(extras["document dates"], gold, doc_date, path.name)
        _tally_collectivites(extras["collectivités of found roles"], gold, rows_by_query, path.name)
        for check in CHECKS:
            _tally(tallies[check.label], check, gold, rows_by_query[check.query], path.name)
        for gold_type, text in EXTRA_QUERIES.items():
            rows = run_query(store, text)
            wanted = [g for g in gold if g["type"] == gold_type]
            tally = extras[gold_type]
            tally.gold += len(wanted)
            for g in wanted:
                if any(EXTRA_MATCH[gold_type](g, r) for r in rows):
                    tally.gold_found += 1
                else:
                    tally.misses.append(f"{path.name[:3]} {g}")
    return tallies, extras


def _tally_date(tally: Tally, gold: list[Gold], found: str | None, doc: str) -> None:
    expected = next((str(g["doc_date"]) for g in gold if g.get("doc_date")), None)
    if expected is None:
        return
    tally.gold += 1
    if found == expected:
        tally.gold_found += 1
    else:
        tally.misses.append(f"{doc[:3]} expected {expected}, found {found}")


def _tally_collectivites(tally: Tally, gold: list[Gold], rows: dict[str, list[Row]], doc: str) -> None:
    for g in gold:
        if g["type"] not in ("presides", "holds_role") or not g.get("collectivite"):
            continue
        query, match = ("presidencies", match_presides) if g["type"] == "presides" else ("roles", match_role)
        hits = [r for r in rows[query] if match(g, r)]
        if not hits:
            continue
        tally.gold += 1
        if any(same_name(str(g["collectivite"]), r.get("collectivite")) for r in hits):
            tally.gold_found += 1
        else:
            found = sorted({str(r.get("collectivite")) for r in hits})
            tally.misses.append(f"{doc[:3]} {g['person']}: expected {g['collectivite']}, found {found}")


def _tally(tally: Tally, check: Check, gold: list[Gold], rows: list[Row], doc: str) -> None:
    wanted = [g for g in gold if g["type"] in check.gold_types and check.recall_filter(g)]
    tally.gold += len(wanted)
    for g in wanted:
        if any(check.match(g, r) for r in rows):
            tally.gold_found += 1
        else:
            tally.misses.append(f"{doc[:3]} {_show(g)}")
    pool = [g for g in gold if g["type"] in (check.precision_types or check.gold_types)]
    tally.rows += len(rows)
    for r in rows:
        if any(_match_any(check, g, r) for g in pool):
            tally.rows_right += 1
        else:
            tally.wrong.append(f"{doc[:3]} {_show(r)}")


def _match_any(check: Check, g: Gold, r: Row) -> bool:
    if g["type"] == "presides" and check.label == "roles":
        return match_role(g, r)
    return check.match(g, r)


def _show(item: dict) -> str:  # type: ignore[type-arg]
    return json.dumps({k: v for k, v in item.items() if k not in {"doc", "doc_date", "source"}}, ensure_ascii=False)


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def table(tallies: dict[str, Tally], extras: dict[str, Tally]) -> str:
    lines = [
        "| fact type | gold | found | recall | target | rows | correct | precision |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for check in CHECKS:
        t = tallies[check.label]
        target = f"≥ {check.target_recall:.1f}" if check.target_recall else ""
        lines.append(
            f"| {check.label} | {t.gold} | {t.gold_found} | {_fmt(t.recall)} | {target} | {t.rows} | {t.rows_right} | {_fmt(t.precision)} |"
        )
    counted = [tallies[c.label] for c in CHECKS if c.label != "events (all)"]
    rows = sum(t.rows for t in counted)
    right = sum(t.rows_right for t in counted)
    gold = sum(t.gold for t in counted)
    found = sum(t.gold_found for t in counted)
    lines.append(
        f"| **overall** (named queries) | {gold} | {found} | {_fmt(found / gold if gold else None)} | | {rows} | {right} | {_fmt(right / rows if rows else None)} (target ≥ 0.9) |"
    )
    for gold_type, t in extras.items():
        note = "recall only" if gold_type in EXTRA_QUERIES else "share right"
        lines.append(f"| {gold_type} ({note}) | {t.gold} | {t.gold_found} | {_fmt(t.recall)} | | | | |")
    return "\n".join(lines)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=SHARED / "seeds")
    parser.add_argument("--gold", type=Path, default=SHARED / "gold" / "seeds.jsonl")
    parser.add_argument("--verbose", action="store_true", help="list missed gold facts and unmatched rows")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if not args.seeds.is_dir() or not args.gold.is_file():
        print(f"skipped: seed documents or gold facts not found ({args.seeds}, {args.gold}); "
              "the evaluation needs the shared directory next to the repository")  # fmt: skip
        return 0
    tallies, extras = evaluate(args.seeds, args.gold)
    print(table(tallies, extras))
    if args.verbose:
        for label, t in {**tallies, **extras}.items():
            for miss in t.misses:
                print(f"MISS  {label}: {miss}")
            for wrong in t.wrong:
                print(f"WRONG {label}: {wrong}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
