"""Partner institutions, partnerships between actors, programme beneficiaries, country cooperation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import combinations

from coopgraph.identity import fold
from coopgraph.ingest.lettre.context import Doc
from coopgraph.ingest.lettre.countries import resolve_country
from coopgraph.ingest.lettre.dates import PartialDate, find_dates
from coopgraph.ingest.lettre.facts import (
    BeneficiaryFact,
    CountryCooperationFact,
    OrganizationFact,
    PartnershipFact,
)
from coopgraph.ingest.lettre.lexicon import ORGANIZATIONS, organization_by_acronym
from coopgraph.ingest.lettre.paragraphs import Paragraph, paragraphs

__all__ = ["extract_beneficiaries", "extract_country_cooperation", "extract_organizations", "extract_partnerships"]

_CAP = r"[A-ZÀ-Ý][\w'’-]*+"  # possessive: a hyphenated word is one token (no exponential backtracking)
_CONNECT = r"(?:de|du|des|la|le|les|pour|et|en|l['’]|d['’]|à|aux?)"
_FULL_NAME = rf"{_CAP}(?:\s+(?:{_CONNECT}\s+|{_CONNECT})?[\w'’-]+){{1,12}}?"
_WITH_ACRONYM = re.compile(rf"(?P<full>{_FULL_NAME})\s*\((?P<acr>[A-Z][A-Za-z-]{{1,12}})\)")
_ORG_HEAD = re.compile(
    r"^(?:Minist[èe]re|Agence|Délégation|Commission|Association|Fondation|Institut|Réseau|Conseil|Comité|Centre|"
    r"Programme|Bureau|Union|Organisation|Governors|Council|Cités|Caisse|Fédération|Secrétariat|Alliance|Maison|"
    r"National|Global|Plateforme)\b"
)


def extract_organizations(doc: Doc) -> list[OrganizationFact]:
    """Institutions named with their acronym, and known acronyms of the field."""
    found: dict[str, OrganizationFact] = {}
    for para in paragraphs(doc):
        for m in _WITH_ACRONYM.finditer(para.text):
            full = _trim_full(m["full"])
            if full and _ORG_HEAD.match(full):
                known = organization_by_acronym(m["acr"])
                key = fold(known[0]) if known else fold(full)
                found.setdefault(key, OrganizationFact(full, m["acr"], para.evidence(doc, m.start(), m.end())))
        for acronym, (full, aliases) in ORGANIZATIONS.items():
            if acronym == "CUF":
                continue
            names = (acronym, full, *aliases)
            for name in names:
                hit = re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", para.text)
                if hit:
                    found.setdefault(
                        fold(full), OrganizationFact(full, acronym, para.evidence(doc, hit.start(), hit.end()))
                    )
                    break
    return list(found.values())


def _trim_full(full: str) -> str:
    """Keep the institutional part of "... de la Délégation pour l'action ... territoriales"."""
    m = list(re.finditer(_ORG_HEAD.pattern.replace("^", r"\b"), full))
    return full[m[0].start() :].strip() if m else full.strip()


# --- partnerships -----------------------------------------------------------------------

# At most 12 words, like _PHRASE below: an unbounded name is quadratic on a long run of capitals.
_ACTOR = rf"(?:(?:la\s+|le\s+|l['’]\s*)?(?:villes?\s+de\s+|commune\s+de\s+)?{_CAP}(?:[ -](?:{_CAP}|(?:de|du|des|la|le|sur|en)\b)){{0,11}})"
_PROTOCOL = re.compile(
    rf"(?P<kind>protocole\s+(?:préalable\s+)?d['’]entente|convention\s+de\s+(?:coopération|partenariat)|accord\s+de\s+(?:coopération|jumelage)|charte\s+de\s+jumelage|lettre\s+d['’]intention)"
    rf"[^.]{{0,40}}?\s+(?:signée?\s+)?entre\s+(?:les\s+villes\s+de\s+|la\s+ville\s+de\s+)?(?P<a>{_ACTOR})(?:\s*\([^)]*\))?\s+et\s+(?:de\s+|la\s+ville\s+de\s+)?(?P<b>{_ACTOR})"
)
_TWINNED = re.compile(
    rf"(?:ville\s+de\s+)?(?P<a>{_CAP}(?:-{_CAP}){{0,11}})\s*,\s+jumelée?\s+avec\s+(?P<b>{_CAP}(?:[ -]{_CAP}){{0,11}})"
)
_PARTNER_OF = re.compile(
    rf"(?P<a>(?:(?:centre|association|réseau|ONG|fondation|institut|pôle)\s+)?{_CAP}(?:\s+{_CAP}){{0,11}})\s*,\s+partenaire\s+(?:du|de\s+la|de\s+l['’]|de)\s*(?P<b>[A-Z]{{2,}}|{_CAP}(?:\s+{_CAP}){{0,11}})"
)
_COLLABORATION = re.compile(
    rf"(?P<a>(?:Le\s+|La\s+|L['’])?{_CAP}(?:\s+(?:de\s+|du\s+)?{_CAP}){{0,11}})\s*,\s+en\s+(?:collaboration|partenariat)\s+avec\s+(?P<b>{_CAP}(?:\s+{_CAP}){{0,11}})\s*,"
)
_JOINT_LAUNCH = re.compile(
    rf"\b(?P<a>[A-Z]{{3,}})\s+et\s+(?:le\s+|la\s+|l['’])?(?P<b>{_CAP}(?:\s+(?:{_CONNECT}\s+)?[\w'’-]+){{1,10}}?)\s+(?:lancent|signent|ont\s+signé|s['’]associent)\b"
)
_ASSOCIATE = re.compile(
    rf"protocole\s+d['’]entente\s+a\s+été\s+signé\s+pour\s+associer\s+(?:l['’]|la\s+|le\s+)?(?P<a>[^.;]{{3,160}}?)\s+à\s+la\s+(?:coopération|collaboration)\s+(?:engagée\s+)?entre\s+(?P<b>{_ACTOR})"
)
_BETWEEN = re.compile(rf"\bpartenariat\s+entre\s+(?P<list>(?:{_ACTOR}\s*,\s*)+{_ACTOR}\s+et\s+{_ACTOR})")


# --- partnerships stated as a signature: "A et B ont signé un protocole d'entente le 3 octobre" --------

_PKIND = (
    r"(?:charte\s+de\s+jumelage|accord\s+de\s+jumelage|jumelage|protocole\s+(?:préalable\s+)?d['’]entente|"
    r"accord\s+de\s+(?:coopération|partenariat|coopération\s+décentralisée)|convention\s+de\s+(?:coopération|partenariat)|"
    r"pacte\s+d['’]amitié|lettre\s+d['’]intention|accord[- ]cadre|mémorandum\s+d['’]entente)"
)
_KIND_NOUN = (
    r"(?i:ville|commune|municipalité|région|province|préfecture|département|métropole|gouvernorat|wilaya|comté|"
    r"conseil\s+(?:départemental|régional)|communauté\s+(?:urbaine|d['’]agglomération|de\s+communes))"
)
# A name of at most 12 words: unbounded, a long run of capitalised words made every start
# position scan to its end (quadratic: a 32 kB line took 5 s).
_PHRASE = rf"{_CAP}(?:[ \n-](?:{_CAP}|(?:de|du|des|la|le|les|sur|en|sous|lès)\b|[dl]['’]{_CAP})){{0,11}}"
_SIGNER = (
    rf"(?:(?:[Ll]a|[Ll]e|[Ll]['’]|[Ll]es)\s*)?(?:"
    rf"(?:Association|Agence|Fédération|Union|Réseau|Institut|Fondation)\s+[^,();.]{{3,80}}?|"
    rf"{_KIND_NOUN}\s+(?:[a-zà-ÿ]+\s+)?(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’])?{_PHRASE}|{_PHRASE})"
    rf"(?:\s*\([^)]{{2,40}}\))?"
)
_SIGNED_BY_BOTH = re.compile(
    rf"(?P<a>{_SIGNER})\s+et\s+(?P<b>{_SIGNER})\s*,?\s+(?:(?:ont|avaient|viennent\s+d['’]avoir|vont)\s+(?:\w+\s+)?"
    rf"(?:signé|renouvelé|conclu|officialisé|scellé|célébré|fêté|paraphé)|célèbrent|fêtent|renouvellent|signent|concluent)"
    rf"\b[^.;]{{0,60}}?\b(?P<kind>{_PKIND})"
)
_SIGNED_WITH = re.compile(
    rf"(?P<a>{_SIGNER})\s+(?:a|avait|vient\s+de)\s+(?:\w+\s+)?(?:signé|renouvelé|conclu|paraphé)\b[^.;]{{0,40}}?\b(?P<kind>{_PKIND})\s+avec\s+(?P<b>{_SIGNER})"
)


def _signed_partnerships(para: Paragraph, doc: Doc) -> Iterator[tuple[str, str, str, PartialDate | None, int, int]]:
    text = para.text
    for pattern in (_SIGNED_BY_BOTH, _SIGNED_WITH):
        for m in pattern.finditer(text):
            s_start = max(text.rfind(". ", 0, m.start()) + 1, 0)
            s_end = text.find(". ", m.end())
            sentence = text[s_start : s_end if s_end >= 0 else len(text)]
            dates = [d for d in find_dates(sentence, doc.date) if not re.search(r"\bans?\b", d.text)]
            yield m["a"], m["b"], _kind(m["kind"]), dates[0].start if dates else None, m.start(), m.end()


def _actor(name: str) -> str:
    name = re.sub(r"\s+", " ", name)
    if name[:1].islower():
        name = name[0].upper() + name[1:]
    name = re.sub(r"^(?:la|le|les|l['’])\s*", "", name.strip(), flags=re.I)
    name = re.sub(r"^(?:villes?|commune|municipalit[ée])\s+(?:[a-zà-ÿ]+\s+)?(?:de\s+|d['’])", "", name, flags=re.I)
    name = re.sub(r"\s*\([A-Z]{2,}\)$", "", name)
    name = re.sub(r"\s*\([^)]*\)$", "", name)
    return name.strip(" ,")


def extract_partnerships(doc: Doc) -> list[PartnershipFact]:
    """Partnerships stated between two named actors."""
    facts: dict[tuple[str, str], PartnershipFact] = {}
    for para in paragraphs(doc):
        for a, b, kind, date, start, end in _partnerships_in(para, doc):
            a, b = _actor(a), _actor(b)
            if not a or not b or fold(a) == fold(b):
                continue
            key = tuple(sorted((fold(a), fold(b))))
            if key not in facts or (facts[key].date is None and date is not None):
                facts[key] = PartnershipFact(a, b, kind, date, para.evidence(doc, start, end))  # type: ignore[index]
    return list(facts.values())


def _kind(text: str) -> str:
    key = fold(text)
    if "jumel" in key:
        return "jumelage"
    if "entente" in key or "intention" in key:
        return "protocole-entente"
    if "cooperation" in key or "partenariat" in key or "amitie" in key or "accord" in key:
        return "cooperation"
    return "other"


def _date_near(para: Paragraph, doc: Doc, start: int, end: int) -> PartialDate | None:
    window = para.text[max(0, start - 60) : end + 60]
    dates = find_dates(window, doc.date)
    return dates[0].start if dates else None


def _partnerships_in(para: Paragraph, doc: Doc) -> Iterator[tuple[str, str, str, PartialDate | None, int, int]]:
    text = para.text
    yield from _signed_partnerships(para, doc)
    for m in _PROTOCOL.finditer(text):
        yield m["a"], m["b"], _kind(m["kind"]), _date_near(para, doc, m.start(), m.end()), m.start(), m.end()
    for m in _TWINNED.finditer(text):
        yield m["a"], m["b"], "jumelage", None, m.start(), m.end()
    for m in _PARTNER_OF.finditer(text):
        yield m["a"], m["b"], "other", None, m.start(), m.end()
    for m in _COLLABORATION.finditer(text):
        yield m["a"], m["b"], "other", None, m.start(), m.end()
    for m in _JOINT_LAUNCH.finditer(text):
        yield m["a"], m["b"], "other", None, m.start(), m.end()
    for m in _ASSOCIATE.finditer(text):
        yield m["a"], m["b"], "protocole-entente", _date_near(para, doc, m.start(), m.end()), m.start(), m.end()
    for m in _BETWEEN.finditer(text):
        members = [x for x in re.split(r"\s*,\s*|\s+et\s+", m["list"]) if x]
        signed = re.search(r"signé\s+le\s+[^.,;]{3,30}", text)
        date = (
            find_dates(signed.group(0), doc.date)[0].start if signed and find_dates(signed.group(0), doc.date) else None
        )
        for a, b in combinations(members, 2):
            yield a, b, "other", date, m.start(), m.end()


# --- programmes and countries -----------------------------------------------------------

_DCOL_CALL = re.compile(r"\b(?:DCOL\s*(?P<n1>\d+)|(?P<n2>\d+)\s*(?:e|ème|eme)\s+appel)", re.I)
_ORDINAL_CALLS = {"premier": 1, "deuxième": 2, "troisième": 3, "quatrième": 4, "cinquième": 5, "sixième": 6, "septième": 7, "huitième": 8, "neuvième": 9, "dixième": 10, "onzième": 11, "douzième": 12, "treizième": 13, "quatorzième": 14, "quinzième": 15}  # fmt: skip
_BENEFICIARY_LIST = re.compile(
    rf"\b(?:villes?|communes?)\s+(?:de|d['’])\s*(?P<list>{_CAP}(?:[ -]{_CAP}){{0,11}}(?:\s*(?:,|et)\s*(?:d['’])?{_CAP}(?:[ -]{_CAP}){{0,11}})*)"
)
_REGION = re.compile(
    rf"\b(?P<name>(?:Région|Département)\s+(?:de\s+la\s+|de\s+l['’]|du\s+|de\s+)?{_CAP}(?:[ -]{_CAP}){{0,11}})"
)


def extract_beneficiaries(doc: Doc) -> list[BeneficiaryFact]:
    """Collectivités supported by a numbered DCOL call."""
    facts: list[BeneficiaryFact] = []
    for para in paragraphs(doc):
        text = para.text
        if "DCOL" not in text and "DCOL" not in " ".join(doc.lines[max(0, para.first - 3) : para.first]):
            continue
        if not re.search(r"lauréat|appui|accompagn|bénéfici|prestations", text, re.I):
            continue
        context = " ".join(doc.lines[max(0, para.first - 3) : para.last + 1])
        call = _call_number(context)
        if call is None:
            continue
        programme = f"DCOL {call}"
        names: list[tuple[str, int]] = []
        for m in _BENEFICIARY_LIST.finditer(text):
            names.extend((n.strip(), m.start()) for n in re.split(r"\s*,\s*|\s+et\s+", m["list"]) if n.strip())
        names.extend((m["name"], m.start()) for m in _REGION.finditer(text))
        for name, start in names:
            facts.append(
                BeneficiaryFact(re.sub(r"^d['’]", "", name), programme, para.evidence(doc, start, start + len(name)))
            )
    return facts


def _call_number(text: str) -> int | None:
    if m := _DCOL_CALL.search(text):
        return int(m["n1"] or m["n2"])
    for word, value in _ORDINAL_CALLS.items():
        if re.search(rf"\b{word}\s+(?:appel|édition)", text, re.I):
            return value
    return None


_COOPERATES = re.compile(
    rf"(?P<who>(?:Département|Région|Ville|Métropole)\s+(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+)?{_CAP}(?:[ -]{_CAP}){{0,11}})\s+"
    r"(?:développe|mène|entretient|a)\s+(?:déjà\s+)?(?:un|une|des)\s+(?:partenariats?|coopérations?)"
)


def extract_country_cooperation(doc: Doc) -> list[CountryCooperationFact]:
    """Read "en Arménie ..., deux pays où le Département de X développe un partenariat"."""
    facts: list[CountryCooperationFact] = []
    for para in paragraphs(doc):
        for m in _COOPERATES.finditer(para.text):
            before = para.text[max(0, m.start() - 120) : m.start()]
            for c in re.finditer(rf"\b(?:en|au|aux)\s+(?P<x>{_CAP}(?:\s+{_CAP})?)", before):
                country = resolve_country(c["x"])
                if country and country.alpha3 != "FRA":
                    facts.append(
                        CountryCooperationFact(m["who"], country.alpha3, para.evidence(doc, m.start(), m.end()))
                    )
    return facts
