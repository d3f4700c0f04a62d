"""The embedded store: pyoxigraph on disk (RocksDB) or in memory."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from coopgraph.errors import StoreError
from coopgraph.store.base import GraphStore, QueryResult, Term

__all__ = ["EmbeddedStore"]


class EmbeddedStore(GraphStore):
    """A pyoxigraph `Store`: `EmbeddedStore(path)` on disk, `EmbeddedStore(None)` in memory."""

    def __init__(self, path: Path | None, *, read_only: bool = False) -> None:
        self.path = path
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as error:
            if "LOCK" in str(error):
                raise StoreError(
                    f"the store at {path} is in use by another process that writes to it "
                    "(another coopgraph load, restore or demo); wait for it to finish"
                ) from error
            raise StoreError(f"cannot open the store at {path}: {error}") from error

    def __repr__(self) -> str:
        return f"EmbeddedStore({str(self.path) if self.path else ':memory:'})"

    @classmethod
    def memory_copy_of(cls, source: EmbeddedStore) -> EmbeddedStore:
        """An in-memory store holding the same quads as `source` (both steps run outside the GIL)."""
        buffer = io.BytesIO()
        source._store.dump(buffer, format=ox.RdfFormat.N_QUADS)
        buffer.seek(0)
        copy = cls(None)
        copy._store.bulk_load(buffer, format=ox.RdfFormat.N_QUADS)
        return copy

    def query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[ox.Variable, Term] | None = None,
        union_default_graph: bool = True,
        default_graphs: list[ox.NamedNode] | None = None,
        named_graphs: list[ox.NamedNode] | None = None,
    ) -> QueryResult:
        return self._store.query(
            sparql,
            substitutions=dict(substitutions) if substitutions else None,
            use_default_graph_as_union=union_default_graph and not default_graphs,
            default_graph=list(default_graphs) if default_graphs else None,  # type: ignore[arg-type]
            named_graphs=list(named_graphs) if named_graphs is not None else None,  # type: ignore[arg-type]
        )

    def update(self, sparql: str) -> None:
        self._store.update(sparql)

    def insert(self, quads: Iterable[ox.Quad]) -> None:
        self._store.extend(quads)

    def bulk_insert(self, quads: Iterable[ox.Quad]) -> None:
        self._store.bulk_extend(quads)

    def bulk_load(self, source: Path | IO[bytes], format: ox.RdfFormat, graph: ox.NamedNode) -> None:
        if isinstance(source, Path):
            self._store.bulk_load(path=str(source), format=format, to_graph=graph)
        else:
            self._store.bulk_load(source, format=format, to_graph=graph)

    def drop_graph(self, graph: ox.NamedNode) -> None:
        if self._store.contains_named_graph(graph):
            self._store.remove_graph(graph)

    def graphs(self) -> list[ox.NamedNode]:
        return [g for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)]

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        return iter(self._store.quads_for_pattern(None, None, None, graph))

    def count(self, graph: ox.NamedNode | None = None) -> int:
        if graph is None:
            return len(self._store)
        # str(NamedNode) is a valid, escaped IRI reference.
        solutions = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
        return int(next(iter(solutions))["n"].value)

    def dump(self, output: IO[bytes], format: ox.RdfFormat) -> None:
        self._store.dump(output, format)

    def restore(self, path: Path, format: ox.RdfFormat) -> None:
        self._store.bulk_load(path=str(path), format=format)

    def clear(self) -> None:
        self._store.clear()

    def close(self) -> None:
        """Flush to disk and release the store's lock (the object is unusable afterwards)."""
        if self.path is not None and self._store is not None:
            self._store.flush()
            self._store = None  # type: ignore[assignment]  # dropping the last reference unlocks RocksDB
