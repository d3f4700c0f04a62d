"""Label search over every entity: accents, case, hyphens and apostrophes do not matter.

"saint etienne" finds "Saint-Étienne", "cglu" finds the entity whose alternative
label is "CGLU". Names are folded with `identity.fold`, split into words, and a
query matches an entity when each query word starts a word of one of its labels
(`rdfs:label`, `skos:altLabel`, `foaf:name`).

Entities the imported documents speak about rank before those known only from
the official reference data (the 35k communes), and an official entity joined to
a documented one by `owl:sameAs` is not listed twice: the documented one stands
for both.

The index is built once per store state (one SPARQL query plus a sort: about a
second for the 35k French communes) and then answers in well under a
millisecond; the caller rebuilds it when the store changes.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from coopgraph.identity import fold
from coopgraph.namespaces import GRAPH, ONTOLOGY_GRAPH, PREFIXES
from coopgraph.network import KINDS, kind_of
from coopgraph.store.base import GraphStore

__all__ = ["Hit", "SearchIndex"]

_PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
# Kinds worth finding: the n-ary nodes (memberships, evidence) have no labels anyway.
_SKIPPED_KINDS = frozenset({"more"})
# Graphs of official reference data (see coopgraph.ingest.reference).
_REFERENCE_GRAPHS = (GRAPH + "import/reference-",)


@dataclass(frozen=True)
class Hit:
    iri: str
    label: str  # the entity's main label
    matched: str  # the label or alternative label that matched
    kind: str

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind][0]


@dataclass(frozen=True)
class _Entry:
    iri: str
    text: str
    folded: str
    main: bool  # rdfs:label / foaf:name rather than skos:altLabel


class SearchIndex:
    """An in-memory word index of the store's labels. Build with `SearchIndex.build(store)`."""

    def __init__(
        self,
        entries: list[_Entry],
        labels: dict[str, str],
        kinds: dict[str, str],
        *,
        documented: frozenset[str] = frozenset(),
        stands_for: dict[str, str] | None = None,
    ) -> None:
        self._entries = entries
        self._labels = labels
        self._kinds = kinds
        self._documented = documented  # entities named outside the reference data
        self._stands_for = stands_for or {}  # official entity -> the documented entity joined to it
        by_word: dict[str, set[int]] = defaultdict(set)
        for position, entry in enumerate(entries):
            for word in entry.folded.split():
                by_word[word].add(position)
        self._words = sorted(by_word)
        self._by_word = by_word

    def __len__(self) -> int:
        return len(self._labels)

    @classmethod
    def build(cls, store: GraphStore) -> SearchIndex:
        """Read every labelled entity (outside the ontology graph) and its types, in one query."""
        sparql = (
            _PROLOGUE
            + """SELECT ?s ?p ?v ?g WHERE { GRAPH ?g {
            { ?s rdfs:label|foaf:name ?v BIND("label" AS ?p) }
            UNION { ?s skos:altLabel ?v BIND("alt" AS ?p) }
            UNION { ?s a ?v BIND("type" AS ?p) }
            UNION { ?s owl:sameAs ?v BIND("same" AS ?p) } } }"""
        )
        types: dict[str, list[str]] = defaultdict(list)
        names: dict[str, dict[str, bool]] = defaultdict(dict)  # iri -> text -> is main label
        documented: set[str] = set()
        same_as: list[tuple[str, str]] = []
        for row in store.select(sparql):
            if row["g"] == ONTOLOGY_GRAPH:  # classes and properties are not entities to find
                continue
            iri, kind, value = row["s"].value, row["p"].value, row["v"].value
            if kind == "same":
                same_as.append((iri, value))
                continue
            if kind == "label" and not row["g"].value.startswith(_REFERENCE_GRAPHS):
                documented.add(iri)
            if kind == "type":
                types[iri].append(value)
            elif isinstance(row["s"], ox.NamedNode):  # blank nodes have no page to link to
                names[iri][value] = names[iri].get(value, False) or kind == "label"
        entries: list[_Entry] = []
        labels: dict[str, str] = {}
        kinds: dict[str, str] = {}
        for iri, texts in names.items():
            kind = kind_of(types.get(iri, ()), iri)
            if kind in _SKIPPED_KINDS:
                continue
            kinds[iri] = kind
            mains = sorted(t for t, is_main in texts.items() if is_main)
            labels[iri] = mains[0] if mains else sorted(texts)[0]
            entries += [_Entry(iri, text, fold(text), is_main) for text, is_main in sorted(texts.items())]
        stands_for = {b: a for a, b in same_as if a in documented and b not in documented and b in labels}
        return cls(entries, labels, kinds, documented=frozenset(documented), stands_for=stands_for)

    def _candidates(self, word: str) -> set[int]:
        """Entries with a word starting with `word` (binary search in the sorted word list)."""
        found: set[int] = set()
        start = bisect.bisect_left(self._words, word)
        for indexed in self._words[start:]:
            if not indexed.startswith(word):
                break
            found |= self._by_word[indexed]
        return found

    def search(self, text: str, *, kind: str | None = None, limit: int = 20) -> list[Hit]:
        """Entities whose labels match `text`, best first: exact, then prefix, then word matches;
        main labels before alternative ones, shorter before longer. One hit per entity."""
        query = fold(text)
        words = query.split()
        if not words:
            return []
        # The rarest word first keeps the intersections small.
        sets = sorted((self._candidates(w) for w in words), key=len)
        positions = set.intersection(*sets) if sets else set()
        best: dict[str, tuple[tuple[int, int, int, int, str], _Entry]] = {}
        for position in positions:
            entry = self._entries[position]
            iri = self._stands_for.get(entry.iri, entry.iri)
            if kind and self._kinds[iri] != kind:
                continue
            rank = (
                0 if iri in self._documented else 1,
                _closeness(entry.folded, query),
                0 if entry.main else 1,
                len(entry.folded),
                entry.folded,
            )
            if iri not in best or rank < best[iri][0]:
                best[iri] = (rank, entry)
        ordered = sorted(best.items(), key=lambda item: (item[1][0], item[0]))[:limit]
        return [Hit(iri, self._labels[iri], entry.text, self._kinds[iri]) for iri, (_, entry) in ordered]


def _closeness(folded: str, query: str) -> int:
    if folded == query:
        return 0
    if folded.startswith(query):
        return 1
    return 2
