"""Load benchmark: `coopgraph load` against raw pyoxigraph bulk loading, on the same file.

Method
------
1. **Data.** A synthetic but realistic coopgraph graph is generated as N-Triples, deterministically
   from a seed, under `benchmarks/data/` (git-ignored; reused when already there): French
   authorities (régions, départements, communes with INSEE codes) and foreign ones (EU country
   authority IRIs), persons, `org:Membership`s with role concepts, role texts and attestation dates,
   country and thematic groups of CUF, solidarity funds and `coop:Contribution`s, cooperation events
   with attendees, partnerships with `coop:partnerOf`, source documents, and one `coop:Evidence`
   node (document, line range, quote of at most 200 characters) per fact via `prov:wasDerivedFrom`.
   IRIs come from `coopgraph.identity.mint_iri` and terms from `coopgraph.namespaces`. Facts are
   generated until the requested number of triples is reached (a few more, to finish the last
   entity); every triple is distinct, so the file's line count is the store's triple count.
2. **Sanity check.** Before timing, a small sample from the same generator is loaded with
   `coopgraph load` (SHACL checks included): it must load with no violation and no warning, and the
   triple count coopgraph reports must equal the number of lines written.
3. **Measurements.** For each size, each round measures both loaders on the same file, each in a
   fresh subprocess and into a fresh on-disk store; the order alternates from round to round:
   - *raw*: a worker (this script, `--worker-raw`) times `pyoxigraph.Store(path)` plus
     `store.bulk_load(path=..., format=RdfFormat.N_TRIPLES, to_graph=...)`, nothing else
     (no interpreter start-up, no import);
   - *coopgraph*: the installed console script, `coopgraph --store NEWDIR load FILE`, timed from spawn
     to exit as a user experiences it: interpreter start-up, imports, checksum, bulk load, triple
     count, SHACL checks over the new graph, import record.
   Peak RSS is the child's own `ru_maxrss` from `os.wait4` (per run, not cumulative). Disk size is
   the space allocated to the store directory after the run (like `du`). RocksDB compacts freshly
   bulk-loaded files in the background once a store is in use, so in the first round each store is
   then compacted in another subprocess (`Store.optimize()`, untimed): its duration shows the work a
   loader leaves for later, and the size after it is the store's size at rest. Stores are deleted
   right after. Times and throughputs are medians over the rounds (the machine is shared), with the
   range; peak RSS and disk are the largest over the rounds.
4. **Breakdown** (`--breakdown`). A worker replays the steps of `coopgraph.importer.load_file` on the
   largest size with the public library functions (the SHACL step is the real `check_graph`, with
   each of its queries timed) to show where coopgraph's extra time goes.

Run `python benchmarks/bench_load.py --help` for the options; results are printed as Markdown and
written to the "Load" section of `benchmarks/RESULTS.md`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox
from results_file import write_section  # benchmarks/ is the script directory, on sys.path

from coopgraph import __version__ as coopgraph_version
from coopgraph.identity import mint_iri, slugify
from coopgraph.importer import BULK_THRESHOLD_BYTES
from coopgraph.namespaces import (
    COOP,
    COUNTRY,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    VOCAB,
    XSD,
    curie,
)

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
DATA_DIR = BENCH_DIR / "data"
RESULTS_FILE = BENCH_DIR / "RESULTS.md"
COOPGRAPH_BIN = Path(sys.executable).with_name("coopgraph")
GENERATOR_VERSION = 1  # bump when the generated data changes, so cached files are regenerated
DEFAULT_SEED = 20260501
DEFAULT_SIZES = (1_000_000, 5_000_000)
QUICK_SIZE = 100_000
SAMPLE_SIZE = 20_000
RAW_GRAPH = ox.NamedNode("https://w3id.org/coopgraph/graph/bench/raw")
SECTION = "Load"

# ---------------------------------------------------------------- N-Triples terms


def _iri(value: str) -> str:
    return f"<{value}>"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def _lit(text: str) -> str:
    return f'"{_escape(text)}"'


def _lang(text: str, lang: str) -> str:
    return f'"{_escape(text)}"@{lang}'


def _typed(value: str, datatype: ox.NamedNode) -> str:
    return f'"{_escape(value)}"^^{datatype}'


def _concept(scheme: str, value: str) -> str:
    return _iri(f"{VOCAB}{scheme}/{value}")


A = str(RDF.type)
LABEL = str(RDFS.label)
ALT_LABEL = str(SKOS.altLabel)
DERIVED_FROM = str(PROV.wasDerivedFrom)
FRANCE = str(COUNTRY.FRA)


def _date(day: dt.date) -> str:
    return _typed(day.isoformat(), XSD.date)


def _year_month(day: dt.date) -> str:
    return _typed(f"{day.year:04d}-{day.month:02d}", XSD.gYearMonth)


def _integer(value: int) -> str:
    return _typed(str(value), XSD.integer)


def _decimal(cents: int) -> str:
    return _typed(f"{cents // 100}.{cents % 100:02d}", XSD.decimal)


class NTriplesWriter:
    """Buffered N-Triples output that counts what it writes."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._buffer: list[str] = []
        self.count = 0

    def add(self, subject: str, predicate: str, obj: str) -> None:
        self._buffer.append(f"{subject} {predicate} {obj} .\n")
        self.count += 1
        if len(self._buffer) >= 50_000:
            self.flush()

    def flush(self) -> None:
        self._stream.writelines(self._buffer)
        self._buffer.clear()


# ---------------------------------------------------------------- vocabulary of the synthetic world

COUNTRIES: tuple[tuple[str, str, str], ...] = (  # ISO 3166 alpha-3, French name, English name
    ("MAR", "Maroc", "Morocco"), ("SEN", "Sénégal", "Senegal"), ("MLI", "Mali", "Mali"),
    ("BFA", "Burkina Faso", "Burkina Faso"), ("NER", "Niger", "Niger"), ("TUN", "Tunisie", "Tunisia"),
    ("DZA", "Algérie", "Algeria"), ("MRT", "Mauritanie", "Mauritania"), ("CIV", "Côte d'Ivoire", "Côte d'Ivoire"),
    ("BEN", "Bénin", "Benin"), ("TGO", "Togo", "Togo"), ("CMR", "Cameroun", "Cameroon"),
    ("MDG", "Madagascar", "Madagascar"), ("HTI", "Haïti", "Haiti"), ("LBN", "Liban", "Lebanon"),
    ("PSE", "Palestine", "Palestine"), ("ARM", "Arménie", "Armenia"), ("VNM", "Viêt Nam", "Viet Nam"),
    ("KHM", "Cambodge", "Cambodia"), ("LAO", "Laos", "Laos"), ("JPN", "Japon", "Japan"), ("CHN", "Chine", "China"),
    ("IND", "Inde", "India"), ("BRA", "Brésil", "Brazil"), ("MEX", "Mexique", "Mexico"), ("CHL", "Chili", "Chile"),
    ("ARG", "Argentine", "Argentina"), ("COL", "Colombie", "Colombia"), ("CAN", "Canada", "Canada"),
    ("USA", "États-Unis", "United States"), ("DEU", "Allemagne", "Germany"), ("ITA", "Italie", "Italy"),
    ("ESP", "Espagne", "Spain"), ("POL", "Pologne", "Poland"), ("ROU", "Roumanie", "Romania"),
    ("UKR", "Ukraine", "Ukraine"), ("MDA", "Moldavie", "Moldova"), ("GEO", "Géorgie", "Georgia"),
    ("ISR", "Israël", "Israel"), ("JOR", "Jordanie", "Jordan"), ("EGY", "Égypte", "Egypt"),
    ("GIN", "Guinée", "Guinea"), ("COD", "République démocratique du Congo", "Democratic Republic of the Congo"),
    ("COG", "Congo", "Congo"), ("GAB", "Gabon", "Gabon"), ("TCD", "Tchad", "Chad"), ("RWA", "Rwanda", "Rwanda"),
    ("BDI", "Burundi", "Burundi"), ("COM", "Comores", "Comoros"), ("DJI", "Djibouti", "Djibouti"),
    ("MUS", "Maurice", "Mauritius"), ("CPV", "Cap-Vert", "Cabo Verde"), ("KOR", "Corée du Sud", "South Korea"),
    ("THA", "Thaïlande", "Thailand"), ("PHL", "Philippines", "Philippines"), ("BOL", "Bolivie", "Bolivia"),
    ("PER", "Pérou", "Peru"), ("NIC", "Nicaragua", "Nicaragua"), ("CUB", "Cuba", "Cuba"),
    ("GBR", "Royaume-Uni", "United Kingdom"), ("BEL", "Belgique", "Belgium"), ("CHE", "Suisse", "Switzerland"),
    ("PRT", "Portugal", "Portugal"), ("QAT", "Qatar", "Qatar"), ("IRQ", "Irak", "Iraq"),
)  # fmt: skip
REGION_CODES = (
    "01",
    "02",
    "03",
    "04",
    "06",
    "11",
    "24",
    "27",
    "28",
    "32",
    "44",
    "52",
    "53",
    "75",
    "76",
    "84",
    "93",
    "94",
)
MAINLAND_DEPARTMENTS = (*(f"{n:02d}" for n in range(1, 96) if n != 20), "2A", "2B")
OVERSEAS_DEPARTMENTS = ("971", "972", "973", "974", "976")
TOWN_ROOTS = (
    "Aubigny", "Beaumont", "Bellevue", "Bourg", "Castelnau", "Champagne", "Chateauneuf", "Clairefontaine",
    "Fontaine", "Lavaur", "Marsac", "Montfort", "Montreuil", "Neuville", "Pontarlier", "Quimperlé", "Rochefort",
    "Roquebrune", "Sainte-Croix", "Saint-Étienne", "Saint-Martin", "Saint-Pierre", "Valence", "Vauvert", "Vernon",
    "Villefranche", "Villeneuve", "Vitré", "Lagrasse", "Mirepoix", "Pézenas", "Plœmeur", "Échirolles",
)  # fmt: skip
TOWN_SUFFIXES = (
    "", "", "", "-sur-Loire", "-sur-Mer", "-en-Provence", "-les-Bains", "-le-Château", "-d'Arc", "-sur-Marne",
    "-la-Forêt", "-en-Velay", "-de-Bretagne",
)  # fmt: skip
SYLLABLES = tuple(c + v for c in "bdfgklmnprstvz" for v in "aeiou")  # 70 CV syllables
FIRST_NAMES = (
    "Camille", "Marie", "Jean", "Hélène", "Pierre", "Sophie", "Nicolas", "Isabelle", "François", "Nathalie",
    "Philippe", "Catherine", "Laurent", "Sylvie", "Olivier", "Valérie", "Michel", "Christine", "Thierry", "Anne",
    "Éric", "Martine", "Alain", "Céline", "Patrick", "Aurélie", "Stéphane", "Amina", "Mamadou", "Fatou",
    "Youssef", "Leïla", "Karim", "Awa", "Ousmane", "Mariam", "Hiroshi", "Yuki", "Nguyen", "Linh", "Ana",
    "João", "Lucía", "Diego", "Giulia", "Matteo", "Agnieszka", "Tomasz", "Ioana", "Andrei", "Oksana",
    "Gaëlle", "Benoît", "Zoé", "Noël", "Loïc", "Maëlle", "Joël", "Anaïs", "Raphaël",
)  # fmt: skip
LAST_NAMES = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
    "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel",
    "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier",
    "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin",
    "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson", "Sanchez",
    "Diallo", "Traoré", "Ndiaye", "Diop", "Koné", "Ouédraogo", "Benali", "El Amrani", "Haddad", "Tanaka",
    "Sato", "Tran", "Pham", "Silva", "Santos", "Rossi", "Kowalski", "Popescu", "Kovalenko", "Le Goff",
    "N'Diaye", "D'Almeida", "Saint-Clair", "Østergaard", "Nuñez",
)  # fmt: skip
PARTNER_ORGANIZATIONS = (
    "Agence française de développement", "Cités et Gouvernements Locaux Unis", "PLATFORMA",
    "Délégation pour l'action extérieure des collectivités territoriales", "Association internationale des maires francophones",
    "Conseil des communes et régions d'Europe", "Fonds mondial pour le développement des villes",
)  # fmt: skip
THEMES = ("Eau et assainissement", "Climat", "Culture", "Jeunesse", "Tourisme durable", "Santé", "Agriculture")
EVENT_KINDS = (
    ("rencontres", "Rencontres de l'action internationale des collectivités territoriales"),
    ("assises", "Assises de la coopération décentralisée"),
    ("group-meeting", "Réunion du groupe-pays"),
    ("webinar", "Webinaire"),
    ("mission", "Mission"),
    ("forum", "Forum"),
    ("training", "Formation"),
    ("conference", "Conférence"),
    ("meeting", "Réunion"),
)
PARTNERSHIP_KINDS = (
    ("jumelage", "Jumelage"),
    ("protocole-entente", "Protocole d'entente"),
    ("cooperation", "Coopération"),
)
FACT_WEIGHTS = {"membership": 45, "partnership": 20, "contribution": 15, "event": 20}
FILLER = (
    "dans le cadre de la coopération décentralisée",
    "comme l'indique la Lettre de Cités Unies France",
    "lors de la dernière réunion du bureau",
    "avec le soutien du ministère de l'Europe et des Affaires étrangères",
    'selon le communiqué intitulé "Solidarité et territoires"',
    "en présence des représentants des collectivités partenaires",
)
EPOCH = dt.date(2000, 1, 1)
SPAN_DAYS = 26 * 365


# ---------------------------------------------------------------- the generator


@dataclass(slots=True)
class Entity:
    """What facts need to know about an already written entity."""

    node: str  # N-Triples form, "<...>"
    label: str
    key: str  # unique slug, for minting fact IRIs
    kind: str = ""


@dataclass(slots=True)
class Document:
    """A source document; facts cite consecutive line ranges of it."""

    node: str
    key: str
    date: dt.date
    monthly: bool  # a newsletter is dated by month, a press release by day
    next_line: int = 1


@dataclass(slots=True)
class Fund:
    entity: Entity
    country: str
    donors: set[str] = field(default_factory=set)
    total_cents: int = 0


@dataclass
class World:
    """The reference entities that facts point to."""

    cuf: Entity
    documents: list[Document]
    french: list[Entity]
    foreign: list[Entity]
    persons: list[Entity]
    groups: list[Entity]
    partners: list[Entity]
    funds: list[Fund]


class GraphGenerator:
    """Writes a deterministic synthetic coopgraph graph of about `target` triples."""

    def __init__(self, writer: NTriplesWriter, target: int, seed: int) -> None:
        self.out = writer
        self.target = target
        self.rng = random.Random(seed)
        self._minted: set[str] = set()
        self._pairs: set[tuple[str, str]] = set()
        self.world: World  # set by generate(), once the reference entities are written

    # -- helpers

    def _unique(self, kind: str, name: str) -> str:
        """Mint a fact IRI from its name; a rare clash of names gets a numbered variant."""
        iri, attempt = mint_iri(kind, name=name), 1
        while iri in self._minted:
            attempt += 1
            iri = mint_iri(kind, name=f"{name} {attempt}")
        self._minted.add(iri)
        return _iri(iri)

    def _labelled(self, node: str, cls: Sequence[ox.NamedNode], label: str) -> None:
        for c in cls:
            self.out.add(node, A, str(c))
        self.out.add(node, LABEL, _lit(label))

    def _quote(self, core: str) -> str:
        first, second, third = self.rng.sample(FILLER, 3)
        text = f"{core}, {first}"
        if self.rng.random() < 0.3:
            text += f", {second} et {third}"
        return text if len(text) <= 200 else text[:199].rstrip() + "…"

    def _evidence(self, fact: str, core: str) -> Document:
        """An evidence node for `fact` in a random document; returns the document (its date dates the fact)."""
        doc = self.rng.choice(self.world.documents)
        start = doc.next_line
        end = start + self.rng.randint(0, 3)
        doc.next_line = end + 1 + self.rng.randint(0, 5)
        node = _iri(mint_iri("evidence", name=f"{doc.key} l{start}"))
        self.out.add(fact, DERIVED_FROM, node)
        self.out.add(node, A, str(COOP.Evidence))
        self.out.add(node, str(COOP.document), doc.node)
        self.out.add(node, str(COOP.lineStart), _integer(start))
        self.out.add(node, str(COOP.lineEnd), _integer(end))
        self.out.add(node, str(COOP.quote), _lit(self._quote(core)))
        return doc

    # -- reference entities

    def _countries(self) -> None:
        for code, french, english in (*COUNTRIES, ("FRA", "France", "France")):
            node = str(COUNTRY[code])
            self.out.add(node, A, str(SCHEMA.Country))
            self.out.add(node, LABEL, _lang(french, "fr"))
            self.out.add(node, LABEL, _lang(english, "en"))

    def _organizations(self) -> tuple[Entity, list[Entity]]:
        cuf = Entity(_iri(mint_iri("organization", name="Cités Unies France")), "Cités Unies France", "cuf")
        self._labelled(cuf.node, [ORG.FormalOrganization], cuf.label)
        self.out.add(cuf.node, ALT_LABEL, _lit("CUF"))
        partners = []
        for name in PARTNER_ORGANIZATIONS:
            partner = Entity(_iri(mint_iri("organization", name=name)), name, slugify(name), "partner")
            self._labelled(partner.node, [COOP.PartnerOrganization, ORG.FormalOrganization], name)
            partners.append(partner)
        return cuf, partners

    def _documents(self, count: int) -> list[Document]:
        documents = []
        for index in range(count):
            day = EPOCH + dt.timedelta(days=index * SPAN_DAYS // count)
            monthly = index % 3 != 2
            title = (
                f"La Lettre de Cités Unies France n° {100 + index}, {day:%m/%Y}"
                if monthly
                else f"Communiqué de presse du {day:%d/%m/%Y}"
            )
            doc = Document(_iri(mint_iri("document", name=f"{title} {index}")), f"doc{index}", day, monthly)
            self.out.add(doc.node, A, str(COOP.SourceDocument))
            self.out.add(doc.node, str(DCTERMS.title), _lit(title))
            self.out.add(doc.node, str(DCTERMS.date), _year_month(day) if monthly else _date(day))
            self.out.add(doc.node, str(COOP.checksum), _lit(hashlib.sha256(title.encode()).hexdigest()))
            documents.append(doc)
        return documents

    def _french_authority(self, code: str, kind: str, label: str, alt: str | None) -> Entity:
        entity = Entity(_iri(mint_iri("authority", code=f"insee-{kind}:{code}")), label, f"fr-{kind}-{code}", kind)
        self._labelled(entity.node, [COOP.FrenchLocalAuthority, COOP.LocalAuthority], label)
        if alt:
            self.out.add(entity.node, ALT_LABEL, _lit(alt))
        self.out.add(entity.node, str(COOP.inseeCode), _lit(code))
        self.out.add(entity.node, str(COOP.country), FRANCE)
        self.out.add(entity.node, str(ORG.classification), _concept("authority-kind", kind))
        return entity

    def _french(self, communes: int) -> list[Entity]:
        authorities = [self._french_authority(code, "region", f"Région {code}", None) for code in REGION_CODES]
        for code in MAINLAND_DEPARTMENTS + OVERSEAS_DEPARTMENTS:
            authorities.append(self._french_authority(code, "departement", f"Département {code}", None))
        for index in range(communes):
            department = MAINLAND_DEPARTMENTS[index % len(MAINLAND_DEPARTMENTS)]
            code = f"{department}{index // len(MAINLAND_DEPARTMENTS) + 1:03d}"
            name = self.rng.choice(TOWN_ROOTS) + self.rng.choice(TOWN_SUFFIXES)
            commune = self._french_authority(code, "commune", name, f"Ville de {name}")
            if self.rng.random() < 0.8:
                self.out.add(commune.node, str(COOP.population), _integer(int(self.rng.lognormvariate(8, 1.5)) + 50))
            if self.rng.random() < 0.3:
                qid = f"Q{1_000_000 + index}"
                self.out.add(commune.node, str(COOP.wikidataId), _lit(qid))
                self.out.add(commune.node, str(OWL.sameAs), _iri(f"http://www.wikidata.org/entity/{qid}"))
            authorities.append(commune)
        return authorities

    def _foreign(self, count: int) -> list[Entity]:
        weights = [5 if index < 15 else 1 for index in range(len(COUNTRIES))]
        authorities = []
        for index in range(count):
            # A bijective scramble of the low digits, so that neighbours get unalike names.
            block = len(SYLLABLES) ** 3
            digits, syllables = (index % block * 7919 + 12345) % block + index // block * block, []
            for _ in range(3):  # fixed-width base-70 digits: distinct indexes give distinct names
                digits, digit = divmod(digits, len(SYLLABLES))
                syllables.append(SYLLABLES[digit])
            while digits:
                digits, digit = divmod(digits, len(SYLLABLES))
                syllables.append(SYLLABLES[digit])
            name = "".join(syllables).capitalize()
            code = self.rng.choices(COUNTRIES, weights)[0][0]
            entity = Entity(_iri(mint_iri("authority", name=name)), name, f"ext-{slugify(name)}", "foreign")
            self._labelled(entity.node, [COOP.ForeignLocalAuthority, COOP.LocalAuthority], name)
            if self.rng.random() < 0.4:
                self.out.add(entity.node, ALT_LABEL, _lit(f"Municipalité de {name}"))
            self.out.add(entity.node, str(COOP.country), str(COUNTRY[code]))
            self.out.add(entity.node, str(ORG.classification), _concept("authority-kind", "foreign"))
            authorities.append(entity)
        return authorities

    def _persons(self, count: int) -> list[Entity]:
        persons = []
        firsts, lasts = len(FIRST_NAMES), len(LAST_NAMES)
        for index in range(count):
            first = FIRST_NAMES[index % firsts]
            last = LAST_NAMES[(index // firsts) % lasts]
            if index >= firsts * lasts:  # compound surnames keep names (hence IRIs) distinct
                last = f"{last}-{LAST_NAMES[(index // (firsts * lasts)) % lasts]}"
            name = f"{first} {last}"
            person = Entity(_iri(mint_iri("person", name=name)), name, slugify(name), "person")
            self._labelled(person.node, [FOAF.Person], name)
            self.out.add(person.node, str(FOAF.name), _lit(name))
            persons.append(person)
        return persons

    def _groups(self, cuf: Entity) -> list[Entity]:
        groups = []
        for code, french, _english in COUNTRIES[:40]:
            label = f"groupe-pays {french}"
            group = Entity(_iri(mint_iri("group", name=label)), label, slugify(label), "group")
            self._labelled(group.node, [COOP.CountryGroup, ORG.OrganizationalUnit], label)
            self.out.add(group.node, str(ORG.unitOf), cuf.node)
            self.out.add(group.node, str(COOP.focusCountry), str(COUNTRY[code]))
            groups.append(group)
        for theme in THEMES:
            label = f"groupe thématique {theme}"
            group = Entity(_iri(mint_iri("group", name=label)), label, slugify(label), "group")
            self._labelled(group.node, [COOP.ThematicGroup, ORG.OrganizationalUnit], label)
            self.out.add(group.node, str(ORG.unitOf), cuf.node)
            self.out.add(group.node, str(COOP.theme), _lit(theme))
            groups.append(group)
        return groups

    def _fund_stubs(self) -> list[Fund]:
        """Funds are written last, with totals summed from the contributions."""
        funds = []
        for code, french, _english in COUNTRIES[:25]:
            label = f"Fonds de solidarité {french}"
            entity = Entity(_iri(mint_iri("fund", name=label)), label, slugify(label), "fund")
            funds.append(Fund(entity, str(COUNTRY[code])))
        return funds

    def _write_funds(self) -> None:
        for fund in self.world.funds:
            self._labelled(fund.entity.node, [COOP.SolidarityFund], fund.entity.label)
            self.out.add(fund.entity.node, str(COOP.focusCountry), fund.country)
            self.out.add(fund.entity.node, str(COOP.donorCount), _integer(len(fund.donors)))
            self.out.add(fund.entity.node, str(COOP.totalAmount), _decimal(fund.total_cents))

    # -- facts

    def _membership(self) -> None:
        rng = self.rng
        person = rng.choice(self.world.persons)
        place = rng.random()
        behalf: Entity | None = None
        if place < 0.35:
            org = rng.choice(self.world.groups)
            role, text = rng.choice(
                (("president", "président du {}"), ("vice-president", "vice-présidente du {}"),
                 ("co-president", "co-président du {}"), ("member", "membre du {}"))
            )  # fmt: skip
            text = text.format(org.label)
            behalf = rng.choice(self.world.french)
        elif place < 0.85:
            org = rng.choice(self.world.french)
            role, text = rng.choice(
                (("mayor", "maire"), ("deputy-mayor", "adjointe au maire déléguée aux relations internationales"),
                 ("councillor-delegate", "conseiller délégué à la coopération décentralisée"),
                 ("councillor", "conseillère"), ("vice-president", "vice-président chargé de l'international"),
                 ("director", "directrice des relations internationales"), ("officer", "chargé de mission Europe et international"))
            )  # fmt: skip
        elif place < 0.95:
            org = rng.choice(self.world.foreign)
            role, text = rng.choice((("mayor", "maire"), ("deputy-mayor", "premier adjoint au maire")))
        else:
            org = rng.choice(self.world.partners)
            role, text = rng.choice((("director", "directeur"), ("officer", "chargée de mission"), ("other", "expert")))
        core = f"{person.label}, {text} ({org.label})"
        node = self._unique("membership", f"{person.key} {org.key} {role} {len(self._minted)}")
        doc = self._evidence(node, core)
        self.out.add(node, A, str(ORG.Membership))
        self.out.add(node, str(ORG.member), person.node)
        self.out.add(node, str(ORG.organization), org.node)
        self.out.add(node, str(ORG.role), _concept("role", role))
        self.out.add(node, str(COOP.roleText), _lit(text))
        if behalf is not None:
            self.out.add(node, str(COOP.onBehalfOf), behalf.node)
        self.out.add(node, str(COOP.attestedOn), _year_month(doc.date) if doc.monthly else _date(doc.date))

    def _partnership(self) -> None:
        rng = self.rng
        french, foreign = rng.choice(self.world.french), rng.choice(self.world.foreign)
        pair = (french.node, foreign.node)
        if pair in self._pairs:  # one partnership per pair keeps coop:partnerOf triples distinct
            return
        self._pairs.add(pair)
        kind, kind_label = rng.choice(PARTNERSHIP_KINDS)
        node = self._unique("partnership", f"{kind} {french.key} {foreign.key}")
        label = f"{kind_label} {french.label} – {foreign.label}"
        doc = self._evidence(node, f"{kind_label} entre {french.label} et {foreign.label}")
        self._labelled(node, [COOP.Partnership], label)
        self.out.add(node, str(COOP.partner), french.node)
        self.out.add(node, str(COOP.partner), foreign.node)
        self.out.add(node, str(COOP.partnershipKind), _concept("partnership-kind", kind))
        signed = doc.date - dt.timedelta(days=rng.randint(0, 8000))
        self.out.add(
            node, str(DCTERMS.date), _date(signed) if rng.random() < 0.7 else _typed(str(signed.year), XSD.gYear)
        )
        self.out.add(french.node, str(COOP.partnerOf), foreign.node)
        self.out.add(foreign.node, str(COOP.partnerOf), french.node)

    def _contribution(self) -> None:
        rng = self.rng
        fund = rng.choice(self.world.funds)
        donor = rng.choice(self.world.french)
        cents = (
            rng.choice((50_000, 100_000, 150_000, 300_000, 500_000, 1_000_000, 2_500_000)) + rng.randint(0, 99) * 100
        )
        node = self._unique("contribution", f"{donor.key} {fund.entity.key} {len(self._minted)}")
        doc = self._evidence(node, f"{donor.label} verse {cents // 100} euros au {fund.entity.label}")
        self.out.add(node, A, str(COOP.Contribution))
        self.out.add(node, str(SCHEMA.funder), donor.node)
        self.out.add(node, str(COOP.toFund), fund.entity.node)
        self.out.add(node, str(SCHEMA.amount), _decimal(cents))
        self.out.add(node, str(DCTERMS.date), _date(doc.date))
        fund.donors.add(donor.node)
        fund.total_cents += cents

    def _event(self) -> None:
        rng = self.rng
        kind, kind_label = rng.choice(EVENT_KINDS)
        host = rng.choice(self.world.foreign if kind == "mission" else self.world.french)
        doc = rng.choice(self.world.documents)
        start = doc.date + dt.timedelta(days=rng.randint(5, 60))
        name = f"{kind_label} {host.label} {start.isoformat()}"
        node = self._unique("event", name)
        self._evidence(node, f"{kind_label} à {host.label} le {start:%d/%m/%Y}")
        self._labelled(node, [COOP.CooperationEvent], name)
        self.out.add(node, str(SCHEMA.name), _lit(name))
        self.out.add(node, str(COOP.eventKind), _concept("event-kind", kind))
        self.out.add(node, str(SCHEMA.startDate), _date(start))
        if rng.random() < 0.5:
            self.out.add(node, str(SCHEMA.endDate), _date(start + dt.timedelta(days=rng.randint(1, 3))))
        self.out.add(node, str(SCHEMA.location), _lit(host.label))
        self.out.add(node, str(SCHEMA.organizer), self.world.cuf.node if rng.random() < 0.5 else host.node)
        if kind == "rencontres":
            self.out.add(node, str(COOP.editionNumber), _integer(start.year - 1999))
        if kind == "webinar":
            self.out.add(node, str(COOP.online), _typed("true", XSD.boolean))
        for attendee in rng.sample(self.world.french, k=min(len(self.world.french), rng.randint(2, 8))):
            self.out.add(node, str(SCHEMA.attendee), attendee.node)

    # -- the whole graph

    def generate(self) -> int:
        """Write the graph; returns the number of triples written."""
        target = self.target
        self._countries()
        cuf, partners = self._organizations()
        documents = self._documents(max(60, target // 10_000))
        french = self._french(min(target // 80, 34_000))
        foreign = self._foreign(max(50, target // 120))
        persons = self._persons(max(100, target // 30))
        self.world = World(cuf, documents, french, foreign, persons, self._groups(cuf), partners, self._fund_stubs())
        emitters: dict[str, Callable[[], None]] = {
            "membership": self._membership,
            "partnership": self._partnership,
            "contribution": self._contribution,
            "event": self._event,
        }
        kinds, weights = list(FACT_WEIGHTS), list(FACT_WEIGHTS.values())
        reserve = 5 * len(self.world.funds)
        while self.out.count < target - reserve:
            emitters[self.rng.choices(kinds, weights)[0]]()
        self._write_funds()
        self.out.flush()
        return self.out.count


def data_file(size: int, seed: int, data_dir: Path = DATA_DIR) -> Path:
    """The generated N-Triples file for `size` triples; generated only when missing."""
    path = data_dir / f"coopgraph-{size}-seed{seed}-v{GENERATOR_VERSION}.nt"
    if path.exists():
        return path
    data_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    started = time.perf_counter()
    with partial.open("w", encoding="utf-8", newline="\n") as stream:
        count = GraphGenerator(NTriplesWriter(stream), size, seed).generate()
    partial.replace(path)
    print(
        f"generated {path.name}: {count:,} triples, {_mb(path.stat().st_size)} in {time.perf_counter() - started:.0f} s"
    )
    return path


def line_count(path: Path) -> int:
    with path.open("rb") as stream:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 20), b""))


# ---------------------------------------------------------------- measuring


@dataclass(frozen=True)
class ChildRun:
    """One finished subprocess: wall time, its own peak RSS, exit status and output."""

    seconds: float
    max_rss_bytes: int
    returncode: int
    stdout: str
    stderr: str


@dataclass(frozen=True)
class Measurement:
    loader: str  # "raw" or "coopgraph"
    seconds: float  # the timed part (see the module docstring)
    wall_seconds: float  # the whole subprocess
    triples: int
    max_rss_bytes: int
    disk_bytes: int  # the store as the loader left it
    compacted_bytes: int | None = None  # after RocksDB's compaction (`Store.optimize()`), first round only
    compaction_seconds: float | None = None  # how long that compaction took


def run_child(argv: Sequence[str]) -> ChildRun:
    """Run a command, timing it and reading its own peak RSS from `wait4` (not the cumulative RUSAGE_CHILDREN)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=REPO_DIR)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4: keep Popen consistent
        out.seek(0)
        err.seek(0)
        return ChildRun(
            seconds,
            usage.ru_maxrss * 1024,  # kilobytes on Linux
            process.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


def disk_usage(directory: Path) -> int:
    """Bytes allocated to the files under `directory` (like `du -s`)."""
    return sum(entry.stat().st_blocks * 512 for entry in directory.rglob("*") if entry.is_file())


def _check(run: ChildRun, what: str) -> None:
    if run.returncode != 0:
        raise RuntimeError(f"{what} failed with status {run.returncode}:\n{run.stderr[-3000:]}")


def measure_raw(path: Path, store_dir: Path) -> Measurement:
    run = run_child([sys.executable, str(Path(__file__).resolve()), "--worker-raw", str(path), str(store_dir)])
    _check(run, "raw bulk_load")
    result = json.loads(run.stdout.strip().splitlines()[-1])
    return Measurement(
        "raw", result["seconds"], run.seconds, result["triples"], run.max_rss_bytes, disk_usage(store_dir)
    )


_LOADED = re.compile(r"loaded .*: (\d+) triples")


def measure_coopgraph(path: Path, store_dir: Path) -> Measurement:
    run = run_child([str(COOPGRAPH_BIN), "--store", str(store_dir), "load", str(path)])
    _check(run, "coopgraph load")
    found = _LOADED.search(run.stdout)
    if found is None:
        raise RuntimeError(f"unexpected output of coopgraph load: {run.stdout!r}")
    if "warning" in run.stderr:
        print(f"  note: coopgraph reported warnings:\n{run.stderr[:2000]}")
    return Measurement(
        "coopgraph", run.seconds, run.seconds, int(found.group(1)), run.max_rss_bytes, disk_usage(store_dir)
    )


MEASURERS: dict[str, Callable[[Path, Path], Measurement]] = {"raw": measure_raw, "coopgraph": measure_coopgraph}


def measure(loader: str, path: Path, work_dir: Path, *, settle: bool = False) -> Measurement:
    """One measurement into a fresh store directory, deleted afterwards.

    With `settle`, the store is then compacted in another subprocess (untimed), to report its size at
    rest: RocksDB compacts freshly ingested files in the background once the store is open again.
    """
    store_dir = Path(tempfile.mkdtemp(prefix=f"store-{loader}-", dir=work_dir))
    shutil.rmtree(store_dir)  # the loader creates it: the store starts from nothing
    try:
        result = MEASURERS[loader](path, store_dir)
        if settle:
            run = run_child([sys.executable, str(Path(__file__).resolve()), "--worker-settle", str(store_dir)])
            _check(run, "compaction")
            seconds = json.loads(run.stdout.strip().splitlines()[-1])["seconds"]
            result = replace(result, compacted_bytes=disk_usage(store_dir), compaction_seconds=seconds)
        return result
    finally:
        shutil.rmtree(store_dir, ignore_errors=True)


def settle_worker(store_dir: Path) -> None:
    """Subprocess entry: compact a store (`Store.optimize()`), print how long it took as JSON."""
    store = ox.Store(str(store_dir))
    started = time.perf_counter()
    store.optimize()
    store.flush()
    print(json.dumps({"seconds": time.perf_counter() - started}))


def raw_worker(path: Path, store_dir: Path) -> None:
    """Subprocess entry: time `Store(path)` + `bulk_load` alone, print JSON."""
    started = time.perf_counter()
    store = ox.Store(str(store_dir))
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES, to_graph=RAW_GRAPH)
    seconds = time.perf_counter() - started
    triples = len(store)
    store.flush()
    print(json.dumps({"seconds": seconds, "triples": triples}))


# ---------------------------------------------------------------- breakdown of coopgraph load


def breakdown_worker(path: Path, store_dir: Path) -> None:
    """Subprocess entry: replay the steps of `coopgraph load` for a bulk import, timing each; print JSON.

    The steps are the public functions `load_file` and the CLI call, in their order (kept in step by hand); the
    SHACL step is the real `check_graph`, with the store's `select` wrapped to time each query.
    """
    from coopgraph.importer import (
        SINGLE_LOAD_MIN_BYTES,
        bulk_load_ntriples,
        drop_orphan_graphs,
        ensure_ontology,
        list_sources,
    )
    from coopgraph.link import link_authorities
    from coopgraph.namespaces import import_graph
    from coopgraph.store import open_store
    from coopgraph.validate import check_graph, compiled_checks

    timer = _Laps()
    labels = {check.sparql: _check_label(check) for check in compiled_checks()}
    timer.lap("compile the SHACL shapes (rdflib)")
    store = open_store(store_dir)
    ensure_ontology(store)
    drop_orphan_graphs(store)
    list_sources(store)
    timer.lap("open the store, ontology graph, orphan graphs, records")
    graph = import_graph("bench", "breakdown")
    loaded = bulk_load_ntriples(store, path, graph)  # the generated files have no blank nodes: only size decides
    how = (
        "in one load" if path.stat().st_size >= SINGLE_LOAD_MIN_BYTES else "in parallel parts"
    ) + ", with a read of the file alongside (sha256, blank node labels, literal lengths, IRI values)"
    timer.lap(f"bulk_load into the import graph, {how}")
    store.count(graph)
    timer.lap("count the triples of the graph (SPARQL COUNT; load_file runs it beside the checks)")
    queries = _time_selects(store, {sparql.replace("$GRAPH", str(graph)): label for sparql, label in labels.items()})
    findings = check_graph(
        store, graph, blank_nodes=loaded.blank_nodes, short_values=loaded.short_values, iri_values=loaded.iri_values
    )
    timer.lap(f"SHACL checks: check_graph ({len(queries)} SPARQL queries, {len(findings)} findings)")
    queries = list(queries)  # the SHACL queries only: the wrapped select goes on timing the next steps
    link_authorities(store)
    timer.lap("link authorities to the reference data (the CLI does it after each load)")
    store.close()
    timer.lap("close (flush)")
    print(json.dumps({"phases": timer.phases, "checks": queries}))


class _Laps:
    """Successive timings of named steps."""

    def __init__(self) -> None:
        self.phases: list[tuple[str, float]] = []
        self._clock = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.phases.append((name, now - self._clock))
        self._clock = now


def _time_selects(store: object, labels: dict[str, str]) -> list[tuple[str, float]]:
    """Wrap `store.select` so each query's evaluation is timed (into the returned list, filled later)."""
    timings: list[tuple[str, float]] = []
    select = store.select  # type: ignore[attr-defined]

    def timed_select(sparql: str, **options: object) -> list[ox.QuerySolution]:
        started = time.perf_counter()
        solutions = list(select(sparql, **options))  # evaluation happens while iterating
        timings.append((labels.get(sparql) or _screen_label(sparql), time.perf_counter() - started))
        return solutions

    store.select = timed_select  # type: ignore[attr-defined]
    return timings


_SCREEN_KINDS = (
    ("AS ?subjects", "counts of triples and subjects of"),
    ("AS ?values", "sample of the values of"),
    ("{ ?v a [] }", "screen: values without a type in the graph, if not IRIs:"),
    ("MINUS", "screen: instances missing"),
    ("HAVING (COUNT(DISTINCT ?v) >", "screen: too many values of"),
    ("FILTER(", "screen: bad values of"),
    ("?t <http://www.w3.org/2000/01/rdf-schema#subClassOf>*", "subclasses of"),
    ("FILTER EXISTS { GRAPH", "classes with instances in the graph"),
)


def _screen_label(sparql: str) -> str:
    """What a screening query of `check_graph` looks for, with the property it is about."""
    kind = next((label for marker, label in _SCREEN_KINDS if marker in sparql), "other query")
    iris = [
        iri
        for iri in re.findall(r"<([^<>]+)>", sparql)
        if not iri.startswith(("urn:", "https://w3id.org/coopgraph/graph/"))
    ]
    if "without a type" in kind:  # one screen over several properties
        return f"{kind} {', '.join(curie(iri) for iri in iris)}"
    return f"{kind} {curie(iris[-1])}" if iris and "instances in the graph" not in kind else kind


def _check_label(check: object) -> str:
    """`class path` of a compiled check, with what it tests when it is one constraint."""
    target = curie(getattr(check, "target_class", "")) if hasattr(check, "target_class") else "?"
    path = curie(getattr(check, "path", "")) if hasattr(check, "path") else ""
    constraints = getattr(check, "constraints", None)
    detail = f"{len(constraints)} constraint(s)" if constraints is not None else _constraint_kind(check.sparql)  # type: ignore[attr-defined]
    return f"{target} {path} ({detail})".replace("  ", " ")


_CONSTRAINT_MARKERS = (
    ("COUNT(DISTINCT ?v) <", "minCount"),
    ("COUNT(DISTINCT ?v) >", "maxCount"),
    ("DATATYPE(", "datatype"),
    ("REGEX(", "pattern"),
    ("STRLEN(", "maxLength"),
    (">= ", "minInclusive"),
    ("FILTER(!", "nodeKind"),
)


def _constraint_kind(sparql: str) -> str:
    """The SHACL constraint a one-constraint check query tests, recognised from its SPARQL."""
    return next((kind for marker, kind in _CONSTRAINT_MARKERS if marker in sparql), "other")


@dataclass(frozen=True)
class Breakdown:
    """Timed steps of one replayed `coopgraph load`, and each SHACL check query as (constraint, label, s)."""

    triples: int
    phases: list[tuple[str, float]]
    checks: list[tuple[str, float]]  # (label, seconds) of each SHACL query
    wall_seconds: float
    max_rss_bytes: int


def run_breakdown(path: Path, triples: int, work_dir: Path) -> Breakdown:
    store_dir = work_dir / "store-breakdown"
    try:
        run = run_child(
            [sys.executable, str(Path(__file__).resolve()), "--worker-breakdown", str(path), str(store_dir)]
        )
        _check(run, "breakdown")
        result = json.loads(run.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(store_dir, ignore_errors=True)
    phases = [(name, seconds) for name, seconds in result["phases"]]
    start_up = run.seconds - sum(seconds for _name, seconds in phases)
    phases.insert(0, ("interpreter start-up and imports (wall time − the steps below)", start_up))
    checks = [(label, seconds) for label, seconds in result["checks"]]
    return Breakdown(triples, phases, checks, run.seconds, run.max_rss_bytes)


# ---------------------------------------------------------------- the benchmark


@dataclass(frozen=True)
class SizeResult:
    size: int
    path: Path
    raw: list[Measurement]
    coopgraph: list[Measurement]

    @property
    def triples(self) -> int:
        return self.raw[0].triples


def sanity_check(seed: int, work_dir: Path) -> None:
    """A small generated sample must load through `coopgraph load` cleanly, with every line a distinct triple."""
    sample = data_file(SAMPLE_SIZE, seed, work_dir)
    result = measure("coopgraph", sample, work_dir)
    lines = line_count(sample)
    if result.triples != lines:
        raise RuntimeError(f"sample: coopgraph loaded {result.triples} triples, the file has {lines} lines")
    sample.unlink()
    print(f"sanity check: a {lines:,}-triple sample loads through `coopgraph load` with no violation")


def bench_size(size: int, seed: int, repeats: int, work_dir: Path) -> SizeResult:
    path = data_file(size, seed)
    if path.stat().st_size <= BULK_THRESHOLD_BYTES:
        print(f"  note: {path.name} is below BULK_THRESHOLD_BYTES; coopgraph uses its small-file path")
    raw: list[Measurement] = []
    coop: list[Measurement] = []
    for round_index in range(repeats):
        order = ("raw", "coopgraph") if round_index % 2 == 0 else ("coopgraph", "raw")
        for loader in order:
            result = measure(loader, path, work_dir, settle=round_index == 0)
            (raw if loader == "raw" else coop).append(result)
            print(
                f"  {size:>9,} round {round_index + 1} {loader:<9} {result.seconds:7.1f} s "
                f"{result.triples / result.seconds:>10,.0f} triples/s  peak RSS {_mb(result.max_rss_bytes)}"
            )
    if {m.triples for m in raw + coop} != {raw[0].triples}:
        raise RuntimeError(f"triple counts differ between runs: {[m.triples for m in raw + coop]}")
    return SizeResult(size, path, raw, coop)


# ---------------------------------------------------------------- reporting


def _mb(size: int) -> str:
    return f"{size / 2**20:,.0f} MiB"


def _rate(result: SizeResult, loader: str) -> float:
    runs = result.raw if loader == "raw" else result.coopgraph
    return result.triples / statistics.median(m.seconds for m in runs)


def _time_cell(runs: list[Measurement]) -> str:
    times = [m.seconds for m in runs]
    spread = f" ({min(times):.1f}–{max(times):.1f})" if len(times) > 1 else ""
    return f"{statistics.median(times):.1f}{spread}"


def _store_cell(runs: list[Measurement]) -> str:
    settled = next((m for m in runs if m.compacted_bytes is not None), None)
    left = _mb(max(m.disk_bytes for m in runs))
    return f"{left} → {_mb(settled.compacted_bytes)}" if settled and settled.compacted_bytes is not None else left


def compaction_note(results: list[SizeResult]) -> str:
    """How long the compaction RocksDB still owes after each loader took (not in the times above)."""
    parts = []
    for r in results:
        raw = next((m.compaction_seconds for m in r.raw if m.compaction_seconds is not None), None)
        coop = next((m.compaction_seconds for m in r.coopgraph if m.compaction_seconds is not None), None)
        if raw is not None and coop is not None:
            parts.append(f"{r.triples:,} triples: raw {raw:.1f} s, coopgraph {coop:.1f} s")
    return (
        "- Compaction still owed when the loader exits (`Store.optimize()` on the store afterwards, untimed "
        "above; RocksDB otherwise does it in the background once the store is opened again): " + "; ".join(parts) + "."
    )


def results_table(results: list[SizeResult]) -> str:
    header = (
        "| triples | file | raw bulk_load s | raw triples/s | coopgraph load s | coopgraph triples/s "
        "| ratio | peak RSS raw | peak RSS coopgraph | store raw: as left → compacted | store coopgraph: as left → compacted |\n"
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    rows = []
    for r in results:
        raw_rate, coop_rate = _rate(r, "raw"), _rate(r, "coopgraph")
        rows.append(
            f"| {r.triples:,} | {_mb(r.path.stat().st_size)} | {_time_cell(r.raw)} | {raw_rate:,.0f} "
            f"| {_time_cell(r.coopgraph)} | {coop_rate:,.0f} | **{coop_rate / raw_rate:.2f}** "
            f"| {_mb(max(m.max_rss_bytes for m in r.raw))} | {_mb(max(m.max_rss_bytes for m in r.coopgraph))} "
            f"| {_store_cell(r.raw)} | {_store_cell(r.coopgraph)} |"
        )
    return header + "\n".join(rows) + "\n"


def breakdown_table(breakdown: Breakdown) -> str:
    total = breakdown.wall_seconds
    lines = [
        f"Where `coopgraph load` spends its time on {breakdown.triples:,} triples (`--breakdown`: the steps of "
        f"`coopgraph load` replayed one by one in one process, {total:.1f} s in all, peak RSS "
        f"{_mb(breakdown.max_rss_bytes)}):",
        "",
        "| step | s | share |",
        "|---|---:|---:|",
    ]
    lines += [f"| {name} | {seconds:.2f} | {seconds / total:.0%} |" for name, seconds in breakdown.phases]
    if breakdown.checks:
        slowest = sorted(breakdown.checks, key=lambda check: -check[1])[:8]
        lines += [
            "",
            f"Slowest of the {len(breakdown.checks)} SHACL queries (evaluation time of each; they overlap when "
            f"`check_graph` runs them on threads; sum {sum(s for _label, s in breakdown.checks):.1f} s):",
            "",
            "| check | s |",
            "|---|---:|",
        ]
        lines += [f"| {label} | {seconds:.2f} |" for label, seconds in slowest]
    return "\n".join(lines) + "\n"


def machine_description() -> str:
    """Cores, CPU model, RAM, OS and the versions that matter for this benchmark."""
    cpuinfo = _read_proc("cpuinfo")
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    ram = re.search(r"MemTotal:\s+(\d+) kB", _read_proc("meminfo"))
    parts = [
        f"{os.cpu_count()} cores" + (f" ({model.group(1).strip()})" if model else ""),
        f"{int(ram.group(1)) / 2**20:.0f} GiB RAM" if ram else "RAM unknown",
        f"{platform.system()} {platform.release()}",
        f"Python {platform.python_version()}, pyoxigraph {ox.__version__}, coopgraph {coopgraph_version}",
    ]
    return "; ".join(parts)


def _read_proc(name: str) -> str:
    path = Path("/proc") / name
    return path.read_text() if path.exists() else ""


def code_state() -> str:
    """Which coopgraph code was measured: the git commit, and any uncommitted changes to the library."""
    import coopgraph

    package = Path(coopgraph.__file__).resolve().parent
    where = package.parents[1]
    try:
        commit = _git(where, "rev-parse", "--short", "HEAD")
        dirty = _git(where, "status", "--porcelain", "--", "src", "ontology").splitlines()
    except (OSError, subprocess.CalledProcessError):
        return f"coopgraph {coopgraph_version} from {package} (not a git checkout)"
    changes = f", with uncommitted changes to {len(dirty)} file(s) under src/ or ontology/" if dirty else ""
    return f"coopgraph {coopgraph_version} at commit {commit}{changes}"


def _git(where: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(where), *args], capture_output=True, text=True, check=True).stdout.strip()


def section_text(results: list[SizeResult], repeats: int, command: str, breakdown: str | None) -> str:
    lines = [
        f"## {SECTION}",
        "",
        "`coopgraph load` (whole command, as a user runs it) against raw `pyoxigraph.Store.bulk_load` on the same "
        "generated N-Triples file. Target: ratio (coopgraph triples/s ÷ raw triples/s) ≥ 0.8. Method: docstring "
        "of `benchmarks/bench_load.py`.",
        "",
        f"- Date: {dt.datetime.now().astimezone().isoformat(timespec='minutes')}",
        f"- Machine: {machine_description()}",
        f"- Code: {code_state()}",
        f"- Command (from the repository root): `{command}`",
        f"- {repeats} round(s) per size, order alternating; times are medians (range in brackets), seconds; "
        "peak RSS is the largest over the rounds; store sizes: the largest as left by the loader, and after "
        "compaction (first round).",
        "- raw = `Store(dir)` + `bulk_load(path=..., to_graph=...)` timed inside its process; coopgraph = the "
        "`coopgraph --store NEWDIR load FILE` subprocess from spawn to exit (start-up, checksum, bulk load, count, "
        "SHACL checks, import record, relinking).",
        "",
        results_table(results),
        compaction_note(results),
        "",
    ]
    if breakdown:
        lines += [breakdown]
    return "\n".join(lines).rstrip() + "\n"


def update_results(section: str, results_file: Path = RESULTS_FILE) -> None:
    """Replace (or append) this benchmark's section of RESULTS.md, leaving the others as they are."""
    write_section(SECTION, section, results_file)


# ---------------------------------------------------------------- command line


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="comma-separated triple counts")
    parser.add_argument("--quick", action="store_true", help=f"smoke test: one size of {QUICK_SIZE:,}, one round")
    parser.add_argument("--repeats", type=int, default=3, help="rounds per size (default 3)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--breakdown", action="store_true", help="also time each step of coopgraph load (largest size)")
    parser.add_argument("--no-write", action="store_true", help="print the results, do not update RESULTS.md")
    parser.add_argument("--worker-raw", nargs=2, metavar=("FILE", "STORE"), help=argparse.SUPPRESS)
    parser.add_argument("--worker-breakdown", nargs=2, metavar=("FILE", "STORE"), help=argparse.SUPPRESS)
    parser.add_argument("--worker-settle", metavar="STORE", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def _command_line(argv: Sequence[str]) -> str:
    python = os.path.relpath(sys.executable, REPO_DIR) if sys.executable.startswith(str(REPO_DIR)) else "python"
    env = [f"PYTHONPATH={os.environ['PYTHONPATH']}"] if os.environ.get("PYTHONPATH") else []
    return shlex.join([*env, python, "benchmarks/bench_load.py", *argv])


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker_raw:
        raw_worker(Path(args.worker_raw[0]), Path(args.worker_raw[1]))
        return 0
    if args.worker_breakdown:
        breakdown_worker(Path(args.worker_breakdown[0]), Path(args.worker_breakdown[1]))
        return 0
    if args.worker_settle:
        settle_worker(Path(args.worker_settle))
        return 0
    sizes = [QUICK_SIZE] if args.quick else [int(s.replace("_", "")) for s in args.sizes.split(",")]
    repeats = 1 if args.quick else args.repeats
    work_dir = DATA_DIR / "work"
    work_dir.mkdir(parents=True, exist_ok=True)
    try:
        sanity_check(args.seed, work_dir)
        results = [bench_size(size, args.seed, repeats, work_dir) for size in sizes]
        breakdown = None
        if args.breakdown:
            largest = max(results, key=lambda r: r.triples)
            breakdown = breakdown_table(run_breakdown(largest.path, largest.triples, work_dir))
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    section = section_text(results, repeats, _command_line(sys.argv[1:] if argv is None else argv), breakdown)
    print()
    print(section)
    if not args.no_write:
        update_results(section)
        print(f"updated the {SECTION!r} section of {RESULTS_FILE.relative_to(REPO_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
