"""The abstract store: what every backend offers.

Terms, quads and query results are pyoxigraph objects whatever the backend: a
remote backend parses the server's answers into them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Variable,
)

__all__ = ["GraphStore", "QueryResult", "Term"]

QueryResult = QuerySolutions | QueryBoolean | QueryTriples
Term = NamedNode | BlankNode | Literal


class GraphStore(ABC):
    """A quad store holding the ontology graph, the meta graph and one graph per import."""

    @abstractmethod
    def query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[Variable, Term] | None = None,
        union_default_graph: bool = True,
        default_graphs: list[NamedNode] | None = None,
        named_graphs: list[NamedNode] | None = None,
    ) -> QueryResult:
        """Run a SPARQL query; by default the default graph is the union of all graphs."""

    def select(self, sparql: str, **options: object) -> QuerySolutions:
        """Run a SELECT query (same options as `query`); raises TypeError for other query forms."""
        result = self.query(sparql, **options)  # type: ignore[arg-type]
        if not isinstance(result, QuerySolutions):
            raise TypeError("select() runs SELECT queries only")
        return result

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL update atomically."""

    @abstractmethod
    def insert(self, quads: Iterable[Quad]) -> None:
        """Add quads in one atomic transaction (for data that fits in memory)."""

    @abstractmethod
    def bulk_insert(self, quads: Iterable[Quad]) -> None:
        """Add a stream of quads fast and not atomically (callers drop the graph on failure)."""

    @abstractmethod
    def bulk_load(self, source: Path | IO[bytes], format: RdfFormat, graph: NamedNode) -> None:
        """Load a large triple file (path or binary stream) into `graph`, fast and not atomically.

        Callers load into a fresh graph and drop it on failure.
        """

    @abstractmethod
    def drop_graph(self, graph: NamedNode) -> None:
        """Remove a named graph and its quads (no error if absent)."""

    @abstractmethod
    def graphs(self) -> list[NamedNode]:
        """The named graphs in the store."""

    @abstractmethod
    def quads(self, graph: NamedNode | None = None) -> Iterator[Quad]:
        """Every quad, or every quad of one graph."""

    @abstractmethod
    def count(self, graph: NamedNode | None = None) -> int:
        """Number of quads, in the store or in one graph."""

    @abstractmethod
    def dump(self, output: IO[bytes], format: RdfFormat) -> None:
        """Write every quad as TriG or N-Quads."""

    @abstractmethod
    def restore(self, path: Path, format: RdfFormat) -> None:
        """Load a TriG/N-Quads dump into the (empty) store, keeping graph names."""

    @abstractmethod
    def clear(self) -> None:
        """Remove everything."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release the store (flush and unlock); the default does nothing."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
