"""Persons, their offices, and the presidencies of the network's groups.

Three shapes carry these facts in the newsletters:

* a presidency line under an article heading:
  "Présidente du groupe-pays : Sarah X, conseillère municipale déléguée ..., Savigny-le-Temple"
  (the group is named on the line, or by the heading above it);
* an apposition in running text: "Anne X, Maire de Paris, Rémy Y, Directeur général de l'AFD";
* inline presidencies: "François X, président de Cités Unies France, maire de ...",
  "la Dynamique ... de CUF, présidée par Céline X, adjointe au maire de Bordeaux".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from coopgraph.identity import fold
from coopgraph.ingest.lettre.context import Doc
from coopgraph.ingest.lettre.countries import country_from_adjective, resolve_country
from coopgraph.ingest.lettre.facts import (
    BODY_AUTHORITY,
    BODY_NETWORK,
    BODY_ORGANIZATION,
    GROUP_COUNTRY,
    GROUP_THEMATIC,
    GroupFact,
    RoleFact,
)
from coopgraph.ingest.lettre.lexicon import (
    AUTHORITY_PREFIX,
    NAME,
    NETWORK_NAME,
    ROLE_START,
    THEMES,
    classify_role,
    is_person_name,
    looks_like_authority,
)
from coopgraph.ingest.lettre.paragraphs import Paragraph, ends_with, paragraphs, sentence_bounds

__all__ = ["GroupRef", "extract_people", "find_group_mentions", "group_key", "heading_group", "resolve_group"]

_CAP = r"[A-ZÀ-Ý][\w'’-]*+"  # possessive: a hyphenated word is one token (no exponential backtracking)
_CAP_PHRASE = rf"{_CAP}(?:[ -](?:{_CAP}|(?:sur|sous|en|lès|le|la|les|de|du|des)\b|d['’]{_CAP}|l['’]{_CAP}))*"
_NETWORK = r"(?:Cit[ée]s Unies France|CUF)"


@dataclass(frozen=True)
class GroupRef:
    """A group of the network as named in the text."""

    label: str
    kind: str
    country: str | None
    theme: str | None


# --- groups ------------------------------------------------------------------------------

_COUNTRY_GROUP = re.compile(
    rf"\b(?i:groupes?[- ]pays)\s+(?:de\s+|du\s+|d['’]\s*)?(?=(?P<x>{_CAP}(?:[ -](?:[dl]['’])?[\wÀ-ÿ'’-]+){{0,4}}))"
)
# "les groupes-pays Algérie, Burkina Faso, Cameroun et Haïti": a list of countries after the plural.
_COUNTRY_GROUP_LIST = re.compile(
    rf"\b(?i:groupes[- ]pays)\s+(?P<x>{_CAP}[^.;:()]{{0,200}}?\s+(?:et|ou)\s+{_CAP}(?:[ -](?:[dl]['’])?[\wÀ-ÿ'’-]+){{0,4}})"
)
_THEME_WORD = rf"{_CAP}(?:\s+[a-zà-ÿ]{{4,}}(?=\s+et\s+[A-ZÀ-Ý]))?"
_THEME_GROUP = re.compile(
    rf"\b(?P<k>[Dd]ynamique(?:\s+th[ée]matique)?|[Mm]ission(?:\s+transversale)?|[Gg]roupe\s+th[ée]matique|[Cc]lub)\s+"
    # A theme is capitalised words joined by connectors; a capitalised word may carry a lowercase
    # adjective before "et" ("Amérique latine et Caraïbes", "Santé mondiale et Alimentation"), and a
    # lowercase word may close an "X et y" pair ("Eau et assainissement") — no list of words.
    rf"(?P<x>{_THEME_WORD}(?:\s+(?:(?:et|de|du|des|la)\b|[ld]['’][A-ZÀ-Ý][\w'’-]*|{_THEME_WORD}"
    rf"|(?<=\bet\s)[a-zà-ÿ]{{4,}}(?=\s*(?:[,.;:()«»\n]|$))))*)"
)


def resolve_group(kind_word: str, rest: str) -> GroupRef | None:
    """The group a kind word ("groupe-pays", "Dynamique"...) and the words after it designate."""
    kind_key = fold(kind_word)
    rest = re.sub(r"\s+[-–]\s*[A-Z]{2,}$|\s*\([A-Z]{2,}\)$", "", rest.strip())  # "... - DALC", "(DALC)"
    rest = re.sub(r"\s+(?:de|du|des|et|d['’])$", "", rest)
    rest = re.sub(rf"\s+(?:de|du)\s+{_NETWORK}$", "", rest)
    if not rest:
        return None
    if kind_key.startswith("groupe pays") or kind_key.startswith("groupes pays"):
        words = rest.split()
        for size in range(min(len(words), 5), 0, -1):
            candidate = " ".join(words[:size])
            country = resolve_country(candidate)
            if country:
                return GroupRef(f"groupe-pays {candidate}", GROUP_COUNTRY, country.alpha3, None)
        return None
    label_kind = re.sub(r"\s+", " ", kind_word.strip())
    label_kind = (
        label_kind[0].upper() + label_kind[1:] if not label_kind.lower().startswith("groupe") else label_kind.lower()
    )
    return GroupRef(f"{label_kind} {rest}", GROUP_THEMATIC, None, rest)


def find_group_mentions(text: str) -> Iterator[tuple[int, int, GroupRef]]:
    """(start, end, group) for every explicit group name in `text`."""
    for m in _COUNTRY_GROUP.finditer(text):
        kind = "groupe-pays"
        ref = resolve_group(kind, m["x"])
        if ref:
            yield m.start(), m.end(), ref
    for m in _COUNTRY_GROUP_LIST.finditer(text):
        items = re.split(r"\s*,\s*|\s+(?:et|ou)\s+", m["x"])
        refs = [resolve_group("groupe-pays", item) for item in items]
        if len(refs) >= 2 and all(refs[:-1]):
            for ref in refs:
                if ref:
                    yield m.start(), m.end(), ref
    for m in _THEME_GROUP.finditer(text):
        x = _trim_theme(m["x"])
        if not x or fold(x) in {"de", "cites unies france", "cuf"}:
            continue
        ref = resolve_group(m["k"], x)
        if ref:
            yield m.start(), m.end(), ref


def _trim_theme(text: str) -> str:
    """Cut a theme phrase at the first word that cannot belong to a group name."""
    words = text.split()
    out: list[str] = []
    for word in words:
        if fold(word) in {"cites", "cuf", "unies", "aux", "au", "du"} and out:
            break
        out.append(word)
    while out and fold(out[-1]) in {"de", "du", "des", "et", "la", "le"}:
        out.pop()
    return " ".join(out)


# --- role text ------------------------------------------------------------------------------


def split_segments(text: str) -> list[str]:
    """Split at commas that are not inside parentheses."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        if char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


_CONTINUES_ROLE = re.compile(r"^(?:et\s+)?(?:charg[ée]e?s?|d[ée]l[ée]gu[ée]e?s?|en charge|auprès|responsable)\b", re.I)


def _is_role_segment(segment: str) -> bool:
    return bool(
        ROLE_START.match(segment)
        or _CONTINUES_ROLE.match(segment)
        or (re.match(r"^et\s+", segment) and ROLE_START.match(segment[3:]))
    )


def parse_bounded_role(rest: str) -> tuple[str | None, str | None, str | None]:
    """Parse "NAME, ROLE..., COLLECTIVITÉ" that ends at the end of its line.

    Returns (person, role_text, collectivite); the last segment is the
    collectivité when it looks like one and is not itself an office.
    """
    segments = split_segments(normalize_space(rest))
    if not segments:
        return None, None, None
    name = strip_civility(segments[0])
    if not is_person_name(name):
        return None, None, None
    role_parts = segments[1:]
    collectivite = None
    if len(role_parts) >= 2 and not _is_role_segment(role_parts[-1]) and looks_like_authority(role_parts[-1]):
        collectivite = role_parts.pop()
    role_text = ", ".join(role_parts) or None
    if collectivite is None:
        collectivite = collectivite_in_role(role_text)
    return name, role_text, collectivite


def parse_open_role(segments: list[str]) -> tuple[str | None, str | None, int]:
    """Parse an office in running text from its comma segments (after the name).

    Returns (role_text, collectivite, number of segments used); stops at the
    next person, at a verb phrase, or after a collectivité.
    """
    role_parts: list[str] = []
    collectivite = None
    used = 0
    for i, raw in enumerate(segments):
        seg = _cut_sentence(raw)
        if not role_parts:
            if not ROLE_START.match(seg):
                break
            role_parts.append(seg)
        elif _is_role_segment(seg):
            role_parts.append(seg)
        elif (
            looks_like_authority(seg)
            and not is_person_name(seg)
            and not (i + 1 < len(segments) and ROLE_START.match(segments[i + 1]))
        ):
            collectivite = seg
            used = i + 1
            break
        else:
            break
        used = i + 1
        if seg != raw.strip():
            break  # the sentence ended inside this segment
    role_text = ", ".join(role_parts) or None
    if collectivite is None:
        collectivite = collectivite_in_role(role_text)
    return role_text, collectivite, used


def _cut_sentence(segment: str) -> str:
    segment = segment.strip()
    m = re.search(r"(?<![A-Z])\.(?:\s|$)|;|\n|\s:\s|\s(?:ont|a|se sont|sont|ont été|vous|qui|était|est)\s", segment)
    return segment[: m.start()].strip() if m else segment


_AUTH_HEAD = (
    r"(?:R[ée]gion|D[ée]partement|M[ée]tropole|Eurom[ée]tropole|Ville|Commune|Municipalit[ée]|Province|Pr[ée]fecture|"
    r"Conseil\s+(?:d[ée]partemental|r[ée]gional|g[ée]n[ée]ral)|Communaut[ée]\s+(?:urbaine|d['’]agglom[ée]ration|de\s+communes))"
)
_COLL_PATTERNS = (
    # "maire de Dijon", "adjointe au maire d'Alfortville"
    re.compile(rf"\b(?i:maire|mairie)\s+(?:de\s+la\s+commune\s+)?(?:de|d['’])\s*(?P<c>{_CAP_PHRASE})"),
    # an authority named in full anywhere in the office: "... de la Région Occitanie", "du Département du Val-d'Oise"
    re.compile(rf"(?P<c>(?i:{_AUTH_HEAD})\s+(?:(?:de\s+la|de\s+l['’]|du|des|de|d['’])\s*)?{_CAP_PHRASE})"),
    # "président de Dijon Métropole"
    re.compile(
        rf"\bpr[ée]sidente?\s+(?:de\s+la|de\s+l['’]|du|de|des)\s*(?P<c>{_CAP_PHRASE})(?=$|,|\s+et\s|\s+\(|\s+(?:charg|d[ée]l[ée]gu))",
        re.I,
    ),
    # "conseiller régional de Bretagne", "conseillère départementale de la Seine-Saint-Denis"
    re.compile(
        rf"\b(?i:conseill[eè]re?|vice-pr[ée]sidente?|pr[ée]sidente?)\s+(?P<level>(?i:r[ée]gional|d[ée]partemental))e?s?\s+"
        rf"(?P<prep>de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’])(?P<c>{_CAP_PHRASE})"
    ),
    # "maire adjoint de Besançon", "conseillère municipale de Rezé"
    re.compile(
        rf"\b(?i:maire[- ]adjointe?|adjointe?|conseill[eè]re?\s+municipale?|d[ée]l[ée]gu[ée]e?)\s+(?:de|d['’])\s*(?P<c>{_CAP_PHRASE})"
    ),
    re.compile(
        r"\b(?:de\s+la|de\s+l['’]|du|de|à\s+l['’]|au|à\s+la|à)\s*(?P<c>(?:Minist[èe]re|Agence|Institut|Comit[ée]|Commission)\s[^,()]*|[A-Z]{3,}\b(?:\s+[A-Z][a-z]+)?)"
    ),
)
# The last resort: a place closing a municipal office ("conseiller municipal délégué de Vaulx-en-Velin").
_TRAILING_PLACE = re.compile(rf"\b(?:de|d['’])\s*(?P<c>{_CAP_PHRASE})\s*$")
_ROLE_QUALIFIER = re.compile(
    r"\s+(?:charg[ée]e?s?|d[ée]l[ée]gu[ée]e?s?|en\s+charge|responsable|et\s+(?:[a-zà-ÿ]+\s+)?(?:au|à|aux|de|du)\b)\b.*$"
)


def collectivite_in_role(role_text: str | None) -> str | None:
    """The authority (or institution) an office names: "maire de Dijon ..." -> "Dijon".

    "conseiller régional de Bretagne" acts for "Région Bretagne", "conseillère
    départementale de la Gironde" for "Département de la Gironde"; an office of
    the network itself ("délégué général de Cités Unies France") is held on its
    behalf when no authority is named.
    """
    if not role_text:
        return None
    network = False
    candidates = [*_COLL_PATTERNS, _TRAILING_PLACE]
    for pattern in candidates:
        for m in pattern.finditer(role_text):
            value = _ROLE_QUALIFIER.sub("", m["c"].strip())
            value = re.sub(r"\s+(?:et|de|du|des|la|le|les|en)$", "", value)
            value = re.sub(r"\s+(?:et|de|du|des)$", "", value)
            if not value:
                continue
            if fold(value) in {"cites unies france", "cuf"}:
                network = True
                continue
            if fold(value.split()[0]) in _NOT_PLACE:
                continue
            if "level" in m.groupdict() and m["level"]:
                head = "Région" if fold(m["level"]).startswith("r") else "Département"
                prep = m["prep"].strip()
                return (
                    f"{head} {value}"
                    if head == "Région" and prep in ("de", "d'", "d’")
                    else f"{head} {prep} {value}".replace("' ", "'").replace("’ ", "’")
                )
            value = value[:1].upper() + value[1:]
            value = re.sub(r"^(?i:conseil\s+d[ée]partemental)\b", "Département", value)
            value = re.sub(r"^(?i:conseil\s+r[ée]gional)\b", "Région", value)
            return value
    if network and not re.match(r"(?i:pr[ée]sidente?)\b", role_text.strip()):
        return NETWORK_NAME
    return None


# Capitalised words that open a topic, not a place ("délégué aux Relations internationales").
_NOT_PLACE = {
    "relations",
    "promotion",
    "europe",
    "cooperation",
    "solidarite",
    "solidarites",
    "affaires",
    "action",
    "jeunesse",
}


def normalize_space(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"([ldLD]['’])\s+(?=[A-ZÀ-Ý])", r"\1", text).strip()


def strip_civility(name: str) -> str:
    return re.sub(r"^(?:M\.|Mme|Mlle|Madame|Monsieur)\s+", "", name.strip())


# --- presidency lines -------------------------------------------------------------------------

_PRESIDENCY_LINE = re.compile(
    r"^(?:Nouvel(?:le)?\s+)?(?:Co-?[Pp]|P)r[ée]sident(?:e|\(e\))?s?\s+(?:de\s+la\s+|du\s+|de\s+l['’]\s*|des\s+|de\s+|la\s+|le\s+)?"
    r"(?P<body>[^:]{0,90}?)\s*:\s*(?P<rest>\S.+)$"
)
_OPEN_END = re.compile(
    r"(?:[,–-]|\b(?:de|du|des|la|le|les|à|au|aux|et|en|d['’]|l['’]|pour|chargée?|délégué(?:e)?))\s*$", re.I
)


def _continued(doc: Doc, index: int) -> tuple[str, int]:
    """The text of clean line `index` plus the lines that continue it (role lines wrap)."""
    lines = doc.source.lines
    text, last = lines[index].text, index
    while last + 1 < len(lines):
        nxt = lines[last + 1].text.strip()
        if not nxt:
            break
        if ends_with(_OPEN_END, text) or nxt[:1].islower():
            text = f"{text.rstrip()} {nxt}"
            last += 1
            continue
        break
    return text, last


def _context_group(doc: Doc, index: int, kind_word: str) -> GroupRef | None:
    """Name the group of a presidency line that does not: look at the heading around it.

    The heading above (up to the previous blank line) is searched first, nearest
    line first, then the article body below.
    """
    lines = doc.lines
    back: list[int] = []
    for i in range(index - 1, max(index - 8, -1), -1):
        if not lines[i].strip() or _PRESIDENCY_LINE.match(lines[i]):
            break
        back.append(i)
    ahead: list[int] = []
    blanks = 0
    for i in range(index + 1, min(index + 12, len(lines))):
        if _PRESIDENCY_LINE.match(lines[i]):
            break
        if not lines[i].strip():
            blanks += 1
            if blanks > 1:
                break
            continue
        ahead.append(i)
    want_country = fold(kind_word).startswith("groupe pays")
    for window in (back, ahead):
        for i in window:
            ref = _group_in_line(lines[i], kind_word, want_country)
            if ref:
                return ref
    if want_country:
        return None
    return _theme_from_context(doc, index, kind_word, back)


def _group_in_line(line: str, kind_word: str, want_country: bool) -> GroupRef | None:
    for _, _, ref in find_group_mentions(line):
        if want_country and ref.kind == GROUP_COUNTRY:
            return ref
        if not want_country and ref.kind == GROUP_THEMATIC:
            if fold(ref.label).startswith(fold(kind_word)):
                return ref
            if fold(kind_word) in {"groupe", "groupe thematique"} and fold(ref.label).startswith("groupe"):
                return _retitle(ref, kind_word)
    if not want_country:
        return None
    for word in re.findall(r"franco[- ][\wÀ-ÿ]+", line, re.I):
        country = country_from_adjective(word)
        if country:
            return GroupRef(f"groupe-pays {country.label}", GROUP_COUNTRY, country.alpha3, None)
    for m in re.finditer(rf"\b(?:au|en|le|la|du|à|l['’])\s*(?P<x>{_CAP}(?:\s+(?:de|du)?\s*{_CAP})?)", line):
        country = resolve_country(m["x"]) or resolve_country(m["x"].split()[0])
        if country and country.alpha3 != "FRA":
            return GroupRef(f"groupe-pays {country.label}", GROUP_COUNTRY, country.alpha3, None)
    return None


def _retitle(ref: GroupRef, kind_word: str) -> GroupRef:
    return GroupRef(f"{kind_word.lower()} {ref.theme}", ref.kind, ref.country, ref.theme)


def _theme_from_context(doc: Doc, index: int, kind_word: str, back: list[int]) -> GroupRef | None:
    kind_label = kind_word.strip()
    for i in back:
        for theme in THEMES:
            if re.search(rf"\b{re.escape(theme)}\b", doc.lines[i], re.I):
                return GroupRef(f"{kind_label} {theme}", GROUP_THEMATIC, None, theme)
    heading = doc.section_heading(index)
    if heading:
        words = re.sub(r"^ACTUALIT[ÉE]S\s+", "", heading, flags=re.I)
        for theme in THEMES:
            if fold(theme) == fold(words) or fold(words).startswith(fold(theme)):
                return GroupRef(f"{kind_label} {theme}", GROUP_THEMATIC, None, theme)
    return None


def _presidency_lines(doc: Doc) -> Iterator[tuple[RoleFact, GroupRef]]:
    for index, line in enumerate(doc.lines):
        m = _PRESIDENCY_LINE.match(line.strip())
        if not m:
            continue
        text, last = _continued(doc, index)
        m = _PRESIDENCY_LINE.match(text.strip())
        if not m:
            continue
        group = _body_group(doc, index, m["body"].strip())
        if group is None:
            continue
        # "Co-présidents du groupe-pays X : A, maire de Y, et B, adjoint au maire de Z."
        parts = re.split(rf"\s*,?\s+et\s+(?=(?:(?:M\.|Mme)\s+)?{NAME}\s*,)", m["rest"].rstrip(" ."))
        for part in parts:
            person, role_text, collectivite = parse_bounded_role(part)
            if not person:
                continue
            fact = RoleFact(
                person, "president", group.label, group.kind, role_text, collectivite, doc.evidence(index, last)
            )
            yield fact, group


def _body_group(doc: Doc, index: int, body: str) -> GroupRef | None:
    if re.fullmatch(_NETWORK, body):
        return GroupRef(NETWORK_NAME, BODY_NETWORK, None, None)
    m = re.match(
        r"(?P<k>groupes?[- ]pays|groupe\s+th[ée]matique|groupe|dynamique(?:\s+th[ée]matique)?|mission(?:\s+transversale)?|club)\b\s*(?P<x>.*)$",
        body,
        re.I,
    )
    if not m:
        return None
    rest = re.sub(rf"\s+(?:de|du)\s+{_NETWORK}$", "", m["x"].strip())
    if rest:
        kind = m["k"] if not fold(m["k"]).startswith("dynamique thematique") else "Dynamique"
        return resolve_group(kind, rest) or _context_group(doc, index, m["k"])
    return _context_group(doc, index, m["k"])


# --- inline presidencies and appositions --------------------------------------------------

_NAME_RE = rf"(?:(?:M\.|Mme|Madame|Monsieur)\s+)?(?P<name>{NAME})"
_NETWORK_PRESIDENT = re.compile(
    rf"{_NAME_RE}\s*,\s+(?:le\s+|la\s+)?(?:nouveau\s+|nouvelle\s+)?[Pp]r[ée]sident(?:e)?\s+(?:de\s+)?{_NETWORK}\s*,?"
)
_NEW_PRESIDENT = re.compile(
    rf"(?i:nouveau|nouvelle|le|la)\s+pr[ée]sident(?:e)?\s+(?:de|du)\s+(?P<body>{_NETWORK}|(?i:groupe-pays)\s+{_CAP}(?:\s+(?:de|du)\s+{_CAP})?|[Dd]ynamique\s+[^,]{{3,60}}?)"
    rf"(?:\s+de\s+{_NETWORK})?\s*,\s+{_NAME_RE}"
)
_PRESIDED_BY = re.compile(
    rf"(?P<group>(?:groupe-pays|[Dd]ynamique|[Mm]ission transversale|[Mm]ission|groupe thématique)\s+[^,;:.]{{2,70}}?)(?:\s*\([A-Z]{{2,}}\))?"
    rf"(?:\s+de\s+{_NETWORK})?\s*,\s+présidée?\s+par\s+{_NAME_RE}"
)
_APPOSITION = re.compile(rf"{_NAME_RE}\s*,\s+(?=(?i:{ROLE_START.pattern}))")
_RESPECTIVELY = re.compile(
    rf"(?P<n1>{NAME})\s+et\s+(?P<n2>{NAME})\s*,\s+respectivement\s+(?P<r1>[^,]+?)\s+et\s+(?P<r2>[^,.;]+)"
)
_REVERSED = re.compile(
    rf"\b(?i:du|le|la|de\s+la|de\s+l['’])\s+(?P<role>(?:maire|pr[ée]sidente?|directeur|directrice)\s[^,]{{2,80}}),\s+(?P<name>{NAME})\b"
)
_LABELLED = re.compile(
    rf"^(?P<role>Coordination|Contact(?:\s+presse)?|Coordinat(?:eur|rice)s?|Animation)\s*:\s*(?P<names>{NAME}(?:\s*(?:,|et|&)\s*{NAME})*)\s*$"
)


def _inline_facts(doc: Doc, para: Paragraph) -> Iterator[tuple[RoleFact, GroupRef | None]]:
    text = para.text
    network = GroupRef(NETWORK_NAME, BODY_NETWORK, None, None)
    for m in _NETWORK_PRESIDENT.finditer(text):
        after = re.sub(r"^\s*et\s+", ", ", text[m.end() :])
        role_text, coll, _ = parse_open_role(split_segments(after))
        yield (
            RoleFact(
                m["name"],
                "president",
                NETWORK_NAME,
                BODY_NETWORK,
                role_text,
                coll,
                para.evidence(doc, m.start(), m.end()),
            ),
            network,
        )
    # "nouvelle présidente du groupe-pays X, Name" and "groupe-pays X, présidé par Name": the same fact.
    matches = [(m, m["body"].strip()) for m in _NEW_PRESIDENT.finditer(text)]
    matches += [(m, m["group"]) for m in _PRESIDED_BY.finditer(text)]
    for m, phrase in matches:
        group = network if re.fullmatch(_NETWORK, phrase) else _group_from_phrase(phrase)
        if group is None or not is_person_name(m["name"]):
            continue
        role_text, coll, _ = parse_open_role(split_segments(text[m.end() : m.end() + _ROLE_SPAN_MAX]))
        yield (
            RoleFact(
                m["name"], "president", group.label, group.kind, role_text, coll, para.evidence(doc, m.start(), m.end())
            ),
            group,
        )


# --- presidencies stated in running text -------------------------------------------------------

_PRES = r"(?:co-?)?pr[ée]sid"
# Participles of an appointment: elected, designated, appointed, renewed, chosen.
_APPOINTED = r"(?:(?:ré)?élue?s?|désignée?s?|nommée?s?|reconduite?s?|choisie?s?)"
_OF = r"(?:du|de\s+la|de\s+l['’]|des|de)\s*"
# A cue that comes before the person: "présidé par X", "sous la présidence de X", "a élu à sa présidence X",
# "que préside X", "Présidente : X", "Élue à la présidence du groupe-pays Y, X".
_CUE_BEFORE = re.compile(
    rf"(?P<cue>(?i:{_PRES}ée?s?\s+(?:désormais\s+|depuis\s+[^,.;]{{1,30}}?\s+)?par|sous\s+la\s+{_PRES}ence\s+d[e'’]|"
    rf"(?:a|ont)\s+(?:ré)?élu\s+(?:à\s+sa\s+{_PRES}ence|(?:comme|pour)\s+{_PRES}ente?s?)|que\s+{_PRES}e(?:nt)?|"
    rf"(?<![\w-]){_PRES}ent(?:e|\(e\))?s?\s*:|{_APPOINTED}\s+à\s+la\s+{_PRES}ence\s+(?P<g>{_OF}[^,.;]{{3,80}}),))\s*"
    rf"(?:(?:M\.|Mme|Madame|Monsieur)\s+)?(?P<name>{NAME})"
)
# A cue that follows the person and their office: "X, maire de Y, a été élu président du groupe-pays Z",
# "... préside désormais le groupe-pays Z", "... assure la présidence du groupe-pays Z".
_CUE_AFTER = re.compile(
    rf"^\s*,?\s*(?:(?:a|ont)\s+été\s+|vient\s+d['’]être\s+|est\s+|sont\s+)?{_APPOINTED}\s+(?:{_PRES}ente?s?|à\s+la\s+{_PRES}ence)\s+(?P<g>{_OF}[^.;]{{3,100}})"
    rf"|^\s*,?\s*{_PRES}e(?:nt)?\s+(?:désormais\s+|depuis\s+[^,.;]{{1,30}}?\s+)?(?P<g2>(?:le|la|les|l['’])\s*[^.;]{{3,100}})"
    rf"|^\s*,?\s*(?:assure|assurera|prend|prendra|a\s+pris)\s+(?:désormais\s+)?la\s+{_PRES}ence\s+(?P<g3>{_OF}[^.;]{{3,100}})",
    re.I,
)
_NAME_THEN_ROLE = re.compile(
    rf"(?:(?:M\.|Mme|Madame|Monsieur)\s+)?(?P<name>{NAME})\s*,\s+(?=(?i:{ROLE_START.pattern}))"
)
_NEXT_PERSON = re.compile(
    rf"^\s*,?\s*et\s+(?:(?:M\.|Mme|Madame|Monsieur)\s+)?(?P<name>{NAME})\s*,\s+(?=(?i:{ROLE_START.pattern}))"
)


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    s_start, s_end = sentence_bounds(text, start, end)
    return s_start, s_end


# An office and its collectivité fit in a few hundred characters; a sentence without a full stop
# can run on for pages, and reading all of it for every cue in it was quadratic.
_ROLE_SPAN_MAX = 600


def _role_span(text: str) -> tuple[str | None, str | None, int]:
    """Office and collectivité in the comma segments at the start of `text`, and where they end."""
    text = text[:_ROLE_SPAN_MAX]
    segments = split_segments(text)
    role_text, coll, used = parse_open_role(segments)
    if not role_text:
        return None, None, 0
    # the offset after the `used` segments (commas at depth 0, once some text has come)
    seen, depth, started = 0, 0, False
    for pos, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif char == "," and depth == 0 and started:
            seen += 1
            if seen == used:
                return role_text, coll, pos
        started = started or not char.isspace()
    end = len(text)
    if m := re.search(r"\.(?:\s|$)", text):
        end = min(end, m.start())
    return role_text, coll, end


def _group_near(doc: Doc, para: Paragraph, text: str, cue_start: int, s_start: int, s_end: int) -> GroupRef | None:
    """The group a presidency cue is about: named before the cue in the sentence, else after, else the heading."""
    mentions = [(a, ref) for a, _, ref in find_group_mentions(text[s_start:s_end])]
    before = [ref for a, ref in mentions if s_start + a < cue_start]
    if before:
        return before[-1]
    if re.search(rf"\b{_NETWORK}\b", text[s_start:cue_start]):
        return GroupRef(NETWORK_NAME, BODY_NETWORK, None, None)
    if mentions:
        return mentions[0][1]
    return heading_group(doc, para.line_index(cue_start))


def heading_group(doc: Doc, index: int) -> GroupRef | None:
    """The group named by the nearest heading-like line above `index` (a short line without final stop)."""
    lines = doc.lines
    for i in range(index - 1, max(index - 16, -1), -1):
        line = lines[i].strip()
        if not line or len(line) > 90 or line.endswith((".", ",", ";")):
            continue
        for _, _, ref in find_group_mentions(line):
            return ref
    return None


def _group_in_phrase(phrase: str) -> GroupRef | None:
    phrase = re.sub(rf"^{_OF}", "", phrase.strip(), flags=re.I)
    if re.match(rf"{_NETWORK}\b", phrase):
        return GroupRef(NETWORK_NAME, BODY_NETWORK, None, None)
    for start, _, ref in find_group_mentions(phrase):
        if start <= 12:
            return ref
    return None


def _cued_presidencies(doc: Doc, para: Paragraph) -> Iterator[tuple[RoleFact, GroupRef]]:
    """Presidencies in running text, whatever the word order of the sentence."""
    text = para.text
    for m in _CUE_BEFORE.finditer(text):
        if not is_person_name(m["name"]):
            continue
        s_start, s_end = _sentence(text, m.start(), m.end())
        group = _group_in_phrase(m["g"]) if m["g"] else None
        group = group or _group_near(doc, para, text, m.start(), s_start, s_end)
        if group is None:
            continue
        pos, name = m.end(), m["name"]
        for _ in range(4):  # "co-présidé par A, role, et B, role"
            role_text, coll, used = _role_span(text[pos:s_end])
            yield (
                RoleFact(
                    name,
                    "president",
                    group.label,
                    group.kind,
                    role_text,
                    coll,
                    para.evidence(doc, m.start(), pos + used),
                ),
                group,
            )
            nxt = _NEXT_PERSON.match(text[pos + used : s_end])
            if not nxt or not is_person_name(nxt["name"]):
                break
            name, pos = nxt["name"], pos + used + nxt.end("name")
    for m in _NAME_THEN_ROLE.finditer(text):
        if not is_person_name(m["name"]):
            continue
        s_start, s_end = _sentence(text, m.start(), m.end())
        role_text, coll, used = _role_span(text[m.end("name") : s_end])
        cue = _CUE_AFTER.match(text[m.end("name") + used : s_end])
        if not cue or not role_text:
            continue
        phrase = cue["g"] or cue["g2"] or cue["g3"]
        group = _group_in_phrase(phrase)
        if group is None and re.match(r"(?i:(?:du|le)\s+groupe|de\s+la\s+dynamique|la\s+dynamique)\b", phrase.strip()):
            group = heading_group(doc, para.line_index(m.start()))
        if group is None:
            continue
        yield (
            RoleFact(
                m["name"],
                "president",
                group.label,
                group.kind,
                role_text,
                coll,
                para.evidence(doc, m.start(), m.end() + used),
            ),
            group,
        )


def _group_from_phrase(phrase: str) -> GroupRef | None:
    for _, _, ref in find_group_mentions(phrase):
        return ref
    return None


def _role_facts(doc: Doc, para: Paragraph) -> Iterator[RoleFact]:
    text = para.text
    for m in _APPOSITION.finditer(text):
        name = m["name"]
        if not is_person_name(name):
            continue
        role_text, coll, _ = parse_open_role(split_segments(text[m.end() : m.end() + _ROLE_SPAN_MAX]))
        if role_text and not re.match(r"pr[ée]sidente?\s+(?:de\s+)?(?:Cit|CUF)", role_text, re.I):
            yield _role(name, role_text, coll, para.evidence(doc, m.start(), m.end() + len(role_text)))
    for m in _RESPECTIVELY.finditer(text):
        coll = _place_before(text, m.start())
        for name, role in ((m["n1"], m["r1"]), (m["n2"], m["r2"])):
            if is_person_name(name):
                yield _role(name, role.strip(), coll, para.evidence(doc, m.start(), m.end()))
    for m in _REVERSED.finditer(text):
        if is_person_name(m["name"]):
            role = m["role"].strip()
            yield _role(m["name"], role, collectivite_in_role(role), para.evidence(doc, m.start(), m.end()))


def _role(name: str, role_text: str, coll: str | None, evidence) -> RoleFact:
    kind = _body_kind(coll)
    return RoleFact(name, classify_role(role_text), coll, kind, role_text, coll, evidence)


def _body_kind(body: str | None) -> str | None:
    if body is None:
        return None
    if fold(body) in {"cites unies france", "cuf"}:
        return BODY_NETWORK
    if AUTHORITY_PREFIX.match(body) or (looks_like_authority(body) and not body.isupper()):
        return BODY_AUTHORITY
    return BODY_ORGANIZATION


def _place_before(text: str, offset: int) -> str | None:
    hits = list(
        re.finditer(
            rf"\b(?:délégation|ville|commune|municipalité)\s+(?:de|d['’])\s*(?P<c>{_CAP_PHRASE})", text[:offset]
        )
    )
    return hits[-1]["c"] if hits else None


def _labelled_roles(doc: Doc) -> Iterator[RoleFact]:
    for index, line in enumerate(doc.lines):
        m = _LABELLED.match(line.strip())
        if not m:
            continue
        for name in re.split(r"\s*(?:,|\bet\b|&)\s*", m["names"]):
            if is_person_name(name.strip()):
                yield RoleFact(
                    name.strip(),
                    classify_role(m["role"]) if m["role"] != "Coordination" else "officer",
                    NETWORK_NAME,
                    BODY_NETWORK,
                    m["role"],
                    NETWORK_NAME,
                    doc.evidence(index),
                )


def extract_people(doc: Doc) -> tuple[list[RoleFact], list[GroupFact]]:
    """Every role and presidency stated in the document, and the groups they name."""
    roles: list[RoleFact] = []
    groups: dict[str, GroupFact] = {}

    def add_group(ref: GroupRef | None, evidence) -> None:
        if ref is None or ref.kind not in (GROUP_COUNTRY, GROUP_THEMATIC):
            return
        groups.setdefault(group_key(ref.label), GroupFact(ref.label, ref.kind, ref.country, ref.theme, evidence))

    for fact, line_group in _presidency_lines(doc):
        roles.append(fact)
        add_group(line_group, fact.evidence)
    for para in paragraphs(doc):
        for fact, group in [*_inline_facts(doc, para), *_cued_presidencies(doc, para)]:
            roles.append(fact)
            add_group(group, fact.evidence)
        roles.extend(_role_facts(doc, para))
        for start, end, ref in find_group_mentions(para.text):
            if ref.kind == GROUP_COUNTRY:
                add_group(ref, para.evidence(doc, start, end))
    roles.extend(_labelled_roles(doc))
    return _drop_covered(_dedupe_roles(roles)), list(groups.values())


def _drop_covered(roles: list[RoleFact]) -> list[RoleFact]:
    """Drop an office already carried by a presidency fact of the same person."""
    carried = [
        (fold(f.person), fold(f.role_text or ""))
        for f in roles
        if f.role == "president" and f.body_kind in (GROUP_COUNTRY, GROUP_THEMATIC, BODY_NETWORK)
    ]

    def covered(fact: RoleFact) -> bool:
        if fact.role == "president" and fact.body_kind in (GROUP_COUNTRY, GROUP_THEMATIC, BODY_NETWORK):
            return False
        text = fold(fact.role_text or "")
        return any(p == fold(fact.person) and r and (r.startswith(text) or text.startswith(r)) for p, r in carried)

    return [f for f in roles if not covered(f)]


def group_key(label: str) -> str:
    """Identity key of a group: its country for a country group, else its theme."""
    m = re.match(r"(?i:groupes?[- ]pays)\s+(?P<x>.+)$", label.strip())
    if m and (country := resolve_country(m["x"])):
        return f"country:{country.alpha3}"
    m = re.match(
        r"(?i:groupe\s+th[ée]matique|groupe|dynamique(?:\s+th[ée]matique)?|mission(?:\s+transversale)?|club)\s+(?P<x>.+)$",
        label.strip(),
    )
    return f"theme:{fold(m['x'])}" if m else f"name:{fold(label)}"


def _dedupe_roles(roles: list[RoleFact]) -> list[RoleFact]:
    """One fact per (person, body, role); keep the one with the most information."""
    best: dict[tuple[str, str, str], RoleFact] = {}
    for fact in roles:
        body = (
            group_key(fact.body)
            if fact.body and fact.body_kind in (GROUP_COUNTRY, GROUP_THEMATIC)
            else fold(fact.body or "")
        )
        key = (fold(fact.person), body, fact.role if fact.role == "president" else fold(fact.role_text or ""))
        current = best.get(key)
        if current is None or _richness(fact) > _richness(current):
            best[key] = fact
    return list(best.values())


def _richness(fact: RoleFact) -> int:
    return (fact.role_text is not None) * 2 + (fact.collectivite is not None)
