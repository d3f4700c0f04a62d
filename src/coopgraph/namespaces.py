"""The project's namespaces and the `coop:` vocabulary, in one place.

No IRI strings are scattered through the code: terms come from here. `COOP`
raises `AttributeError` on a term the ontology does not declare (a test checks
that `COOP_TERMS` and `ontology/coopgraph.ttl` agree), so a typo fails fast.
"""

from __future__ import annotations

from typing import Final

from pyoxigraph import NamedNode

__all__ = [
    "BASE",
    "COOP",
    "COOP_NS",
    "COOP_TERMS",
    "COUNTRY",
    "DCTERMS",
    "FOAF",
    "GRAPH",
    "ID",
    "META_GRAPH",
    "ONTOLOGY_GRAPH",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SKOS",
    "VOCAB",
    "XSD",
    "Namespace",
    "curie",
    "import_graph",
]

BASE: Final = "https://w3id.org/coopgraph/"
COOP_NS: Final = BASE + "def#"
ID: Final = BASE + "id/"
GRAPH: Final = BASE + "graph/"

# Every term of the coop: vocabulary. Kept in sync with ontology/coopgraph.ttl by a test.
COOP_TERMS: Final = frozenset(
    {
        # classes
        "LocalAuthority",
        "FrenchLocalAuthority",
        "ForeignLocalAuthority",
        "PartnerOrganization",
        "CountryGroup",
        "ThematicGroup",
        "SolidarityFund",
        "Contribution",
        "Programme",
        "CooperationEvent",
        "Partnership",
        "SourceDocument",
        "Evidence",
        "Import",
        # properties
        "focusCountry",
        "theme",
        "country",
        "inseeCode",
        "sirenCode",
        "wikidataId",
        "population",
        "roleText",
        "onBehalfOf",
        "attestedOn",
        "toFund",
        "donorCount",
        "totalAmount",
        "eventKind",
        "editionNumber",
        "online",
        "partner",
        "partnerOf",
        "partnershipKind",
        "beneficiaryOf",
        "cooperatesWithCountry",
        "document",
        "lineStart",
        "lineEnd",
        "quote",
        "checksum",
        "sourcePath",
        "sourceFormat",
        "tripleCount",
        "importedGraph",
        "sourceId",
    }
)


class Namespace:
    """A namespace whose attributes are `pyoxigraph.NamedNode`s.

    With `terms`, unknown attribute names raise instead of minting a wrong IRI.
    """

    def __init__(self, base: str, terms: frozenset[str] | None = None) -> None:
        self._base = base
        self._terms = terms

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("_"):
            raise AttributeError(name)
        if self._terms is not None and name not in self._terms:
            raise AttributeError(f"{self._base}{name} is not declared in the ontology")
        return NamedNode(self._base + name)

    def __getitem__(self, name: str) -> NamedNode:
        return self.__getattr__(name)

    def __str__(self) -> str:
        return self._base


COOP: Final = Namespace(COOP_NS, COOP_TERMS)
ORG: Final = Namespace("http://www.w3.org/ns/org#")
FOAF: Final = Namespace("http://xmlns.com/foaf/0.1/")
SCHEMA: Final = Namespace("https://schema.org/")
PROV: Final = Namespace("http://www.w3.org/ns/prov#")
SKOS: Final = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS: Final = Namespace("http://purl.org/dc/terms/")
RDF: Final = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS: Final = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL: Final = Namespace("http://www.w3.org/2002/07/owl#")
XSD: Final = Namespace("http://www.w3.org/2001/XMLSchema#")
# Countries are the EU Publications Office authority table (ISO 3166 alpha-3 codes).
COUNTRY: Final = Namespace("http://publications.europa.eu/resource/authority/country/")

# Vocabulary (SKOS concepts) under the ontology namespace's sibling.
VOCAB: Final = BASE + "vocab/"

PREFIXES: Final[dict[str, str]] = {
    "coop": COOP_NS,
    "cid": ID,
    "cvoc": VOCAB,
    "org": str(ORG),
    "foaf": str(FOAF),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "country": str(COUNTRY),
}

ONTOLOGY_GRAPH: Final = NamedNode(GRAPH + "ontology")
META_GRAPH: Final = NamedNode(GRAPH + "meta")


def import_graph(source_id: str, version: str) -> NamedNode:
    """The named graph holding one version of one imported source."""
    return NamedNode(f"{GRAPH}import/{source_id}/{version}")


def curie(iri: str) -> str:
    """`prefix:local` for an IRI under one of the project's prefixes, else `<iri>` (for messages)."""
    for prefix, base in PREFIXES.items():
        if iri.startswith(base):
            return f"{prefix}:{iri[len(base) :]}"
    return f"<{iri}>"
