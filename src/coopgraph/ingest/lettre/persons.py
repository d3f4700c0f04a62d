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
from coopgraph.ingest.lettre.paragraphs import Paragraph, paragraphs

__all__ = ["GroupRef", "extract_people", "find_group_mentions", "group_key", "resolve_group"]

_CAP = r"[A-ZÀ-Ý][\w'’-]*"
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
    rf"\b(?i:groupes?[- ]pays)\s+(?:de\s+|du\s+|d['’]\s*)?(?P<x>{_CAP}(?:\s+(?:(?:de|du|des)\b|{_CAP}))*)"
)
_THEME_GROUP = re.compile(
    rf"\b(?P<k>[Dd]ynamique(?:\s+th[ée]matique)?|[Mm]ission(?:\s+transversale)?|[Gg]roupe\s+th[ée]matique|[Cc]lub)\s+"
    rf"(?P<x>{_CAP}(?:\s+(?:(?:et|de|du|des|la|latine|réhabilitation|rehabilitation|économique)\b|[ld]['’][A-ZÀ-Ý][\w'’-]*|[A-ZÀ-Ý][\w'’-]*))*)"
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
        for size in range(min(len(words), 4), 0, -1):
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


_COLL_PATTERNS = (
    re.compile(rf"\b(?i:maire|mairie)\s+(?:de\s+la\s+commune\s+)?(?:de|d['’])\s*(?P<c>{_CAP_PHRASE})"),
    re.compile(
        rf"\bpr[ée]sidente?\s+(?:de\s+la|de\s+l['’]|du|de|des)\s*(?P<c>(?:(?:conseil|r[ée]gion|d[ée]partement|m[ée]tropole|communaut[ée])\s+[\w'’ -]*?|{_CAP_PHRASE}))(?=$|,|\s+et\s|\s+\()",
        re.I,
    ),
    re.compile(
        r"\b(?:de\s+la|de\s+l['’]|du|de|à\s+l['’]|au|à\s+la|à)\s*(?P<c>(?:Minist[èe]re|Agence|Institut|Comit[ée]|Commission)\s[^,()]*|[A-Z]{3,}\b)"
    ),
)


def collectivite_in_role(role_text: str | None) -> str | None:
    """The authority (or institution) an office names: "maire de Dijon ..." -> "Dijon"."""
    if not role_text:
        return None
    for pattern in _COLL_PATTERNS:
        if m := pattern.search(role_text):
            value = re.sub(r"\s+(?:et|de|du|des|la|le|les|en)$", "", m["c"].strip())
            value = re.sub(r"\s+(?:et|de|du|des)$", "", value)
            if value and fold(value) not in {"cites unies france", "cuf"}:
                return value
    return None


def normalize_space(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"([ldLD]['’])\s+(?=[A-ZÀ-Ý])", r"\1", text).strip()


def strip_civility(name: str) -> str:
    return re.sub(r"^(?:M\.|Mme|Mlle|Madame|Monsieur)\s+", "", name.strip())


# --- presidency lines -------------------------------------------------------------------------

_PRESIDENCY_LINE = re.compile(
    r"^(?:Nouvel(?:le)?\s+)?(?:Co-?)?Pr[ée]sident(?:e|\(e\))?s?\s+(?:de\s+la\s+|du\s+|de\s+l['’]\s*|des\s+|de\s+|la\s+|le\s+)?"
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
        if _OPEN_END.search(text) or nxt[:1].islower():
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
        person, role_text, collectivite = parse_bounded_role(m["rest"])
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
    rf"\b(?:du|le|la|de\s+la|de\s+l['’])\s+(?P<role>(?:maire|pr[ée]sidente?|directeur|directrice)\s[^,]{{2,80}}),\s+(?P<name>{NAME})\b"
)
_LABELLED = re.compile(
    rf"^(?P<role>Coordination|Contact(?:\s+presse)?|Coordinat(?:eur|rice)s?|Animation)\s*:\s*(?P<names>{NAME}(?:\s*(?:,|et|&)\s*{NAME})*)\s*$"
)


def _inline_facts(doc: Doc, para: Paragraph) -> Iterator[tuple[RoleFact, GroupRef | None]]:
    text = para.text
    network = GroupRef(NETWORK_NAME, BODY_NETWORK, None, None)
    for m in _NETWORK_PRESIDENT.finditer(text):
        role_text, coll, _ = parse_open_role(split_segments(text[m.end() :]))
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
    for m in _NEW_PRESIDENT.finditer(text):
        body = m["body"].strip()
        group = network if re.fullmatch(_NETWORK, body) else _group_from_phrase(body)
        if group is None or not is_person_name(m["name"]):
            continue
        role_text, coll, _ = parse_open_role(split_segments(text[m.end() :]))
        yield (
            RoleFact(
                m["name"], "president", group.label, group.kind, role_text, coll, para.evidence(doc, m.start(), m.end())
            ),
            group,
        )
    for m in _PRESIDED_BY.finditer(text):
        group = _group_from_phrase(m["group"])
        if group is None or not is_person_name(m["name"]):
            continue
        role_text, coll, _ = parse_open_role(split_segments(text[m.end() :]))
        yield (
            RoleFact(
                m["name"], "president", group.label, group.kind, role_text, coll, para.evidence(doc, m.start(), m.end())
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
        role_text, coll, _ = parse_open_role(split_segments(text[m.end() :]))
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
        for fact, group in _inline_facts(doc, para):
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
