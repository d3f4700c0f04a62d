"""Events: meetings, webinars, missions, Assises, editions of the Rencontres de l'AICT...

Four shapes are read:

* a title line that ends with its date (and place): "Mission en Tunisie, du 9 au 11 décembre";
* a sentence whose subject is an event: "Le Forum ... aura lieu du 5 au 15 juillet 2022, à New York";
* agenda sections: "Mercredi 6 :" followed by "• Réunion du groupe-pays X, en visioconférence",
  under month headings ("MAI", "### AVR") or none (the weekday then decides the month);
* lists of workshops of a conference ("au cours des ateliers suivants : - « ... »").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from coopgraph.identity import fold
from coopgraph.ingest.lettre.context import Doc, shorten
from coopgraph.ingest.lettre.dates import (
    DAY,
    MON,
    WD,
    WEEKDAYS,
    DateMatch,
    PartialDate,
    find_dates,
    parse_month,
    resolve_weekday_day,
)
from coopgraph.ingest.lettre.facts import EventFact
from coopgraph.ingest.lettre.lexicon import EVENT_HEAD, NETWORK_NAME, event_kind, organization_by_acronym
from coopgraph.ingest.lettre.paragraphs import paragraphs, sentence_bounds
from coopgraph.ingest.lettre.persons import find_group_mentions, heading_group

__all__ = ["RENCONTRES_SERIES", "agenda_dates", "extract_events"]

RENCONTRES_SERIES = "Rencontres de l'AICT"
_ORDINAL_WORDS = {
    "premiere": 1, "premier": 1, "deuxieme": 2, "seconde": 2, "troisieme": 3, "quatrieme": 4,
    "cinquieme": 5, "sixieme": 6, "septieme": 7, "huitieme": 8, "neuvieme": 9, "dixieme": 10,
    "onzieme": 11, "douzieme": 12, "treizieme": 13, "quatorzieme": 14, "quinzieme": 15,
    "seizieme": 16, "dix septieme": 17, "dix huitieme": 18, "dix neuvieme": 19, "vingtieme": 20,
}  # fmt: skip
_ONLINE = re.compile(r"\b(?:en\s+)?(?:visioconf[ée]rence|visio|en ligne|webinaire|distanciel)\b", re.I)
_PLACE = re.compile(
    r"^\s*,?\s*(?:(?:à|au|aux|en|dans)\s+(?:la\s+|le\s+|l['’]\s*)?)(?P<place>[A-ZÀ-Ý][^,;:()]{1,80}?(?:\s*\([^)]*\))?)(?=\s*(?:[,;:.!]|$|\(|\s+(?:de|du)\s+\d))"
)
_LEADING_NOISE = re.compile(
    r"^(?:(?:nouveau|rappel|succès|succes|retour sur|vers|compte-rendu de|conclusions de|bilan de|pour|à noter|prochaine?|save the date)\s*!?\s*:?\s*(?:(?:des|du|de la|de|les|le|la)\s+|de l['’]\s*)?)+",
    re.I,
)


@dataclass(frozen=True)
class _Found:
    name: str
    start: PartialDate | None
    end: PartialDate | None
    place: str | None
    online: bool
    line: int
    last_line: int
    quote: str


# --- naming --------------------------------------------------------------------------------


def _clean_title(title: str) -> str:
    title = re.sub(r"\s+", " ", title).strip(" ,;:-–•*!")
    title = re.sub(r"\s*\((?:réservée?s?|ouverte?s?)[^)]*\)", "", title)
    if re.search(r":\s|\s[-–]\s", title):
        parts = re.split(r"\s*:\s+|\s+[-–]\s+", title)
        with_event = [i for i, p in enumerate(parts) if EVENT_HEAD.search(p)]
        if with_event and not title.lower().startswith("chroniques"):
            title = " : ".join(parts[with_event[0] :])
    title = _LEADING_NOISE.sub("", title).strip(" ,;:-–")
    title = re.sub(r"^(?:Les|Le|La|L['’]|Une|Un)\s*(?=\S)", "", title)
    return title[:1].upper() + title[1:] if title else title


def _rencontres(name: str) -> tuple[str, int | None, str | None]:
    """Normalise an edition of the Rencontres de l'AICT: ("13e Rencontres de l'AICT", 13, series)."""
    folded = fold(name)
    if not re.match(
        r"(?:(?:la|les)\s+)?(?:\d{1,2}\s*(?:e|eme)?\s+|[a-z ]+ieme\s+)?(?:edition\s+(?:des\s+)?)?rencontres (?:de l )?(?:aict|action internationale des collectivites)|raict\b",
        folded,
    ):
        return name, None, None
    m = re.search(r"\b(\d{1,2})\s*(?:e|eme|ème|è)\b", name)
    edition = int(m.group(1)) if m else _ordinal_word(folded)
    if edition is None:
        return name, None, RENCONTRES_SERIES
    return f"{edition}e {RENCONTRES_SERIES}", edition, RENCONTRES_SERIES


def _ordinal_word(folded: str) -> int | None:
    for word, value in sorted(_ORDINAL_WORDS.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"\b{word}\b", folded):
            return value
    return None


def _edition(name: str) -> int | None:
    m = re.match(r"^(\d{1,3})\s*(?:e|er|ère|ème|eme)\b", name)
    return int(m.group(1)) if m else None


# --- rules ------------------------------------------------------------------------------------

_VERBS = (
    r"(?:s['’]est\s+(?:tenue?s?|réunie?s?|déroulée?s?|clôturée?)|se\s+sont\s+(?:tenue?s|réunie?s|déroulée?s)|"
    r"a\s+eu\s+lieu|ont\s+eu\s+lieu|aura\s+lieu|auront\s+lieu|se\s+tiendra|se\s+tiendront|se\s+réunira|"
    r"a\s+tenu\s+(?:sa|son|une|un)\s+(?:réunion|assemblée|séance|conseil)|"
    r"se\s+déroulera|se\s+dérouleront|est\s+organisée?|sera\s+organisée?|sera\s+animée?|prévue?s?|s['’]ouvrira|"
    r"(?<=»,\s)organisée?s?|(?<=\),\s)organisée?s?|(?<=»\s)organisée?s?)"
)
_SENTENCE_EVENT = re.compile(
    rf"\b(?P<subject>(?:[Ll]['’]\s*|(?:La|Le|Les|Une?|Des|la|le|les|une?|au|aux|du|son|sa|ses|leur)\s+)[^.;!?\n]{{3,160}}?)\s*,?\s+(?:qui\s+)?(?P<verb>{_VERBS})\b(?P<tail>[^.;!?\n]{{0,200}})"
)
_GROUP_MET = re.compile(
    r"^(?:L['’]|La|Le|Les|[Ss]on|[Ss]a|[Ll]eur)\s*(?P<g>(?:groupe[- ]pays|groupe th[ée]matique|Dynamique|Club|Mission)\b[^,]*)$",
    re.I,
)


def _title_events(doc: Doc, ref: dt.date) -> Iterator[_Found]:
    """Lines that are a title followed by a date: "Réunion du groupe-pays X, le 8 juin 2022"."""
    lines = doc.lines
    for index, line in enumerate(lines):
        text = line.strip().lstrip("• ").strip()
        if not text or len(text) > 260:
            continue
        dates = find_dates(text, ref)
        if not dates:
            continue
        first = dates[0]
        rest = text[first.end_offset :]
        if (len(rest) > 70 and not re.match(r"\s*:", rest)) or ". " in text[: first.start_offset]:
            continue  # a sentence, not a title
        title = text[: first.start_offset]
        bare = re.sub(r"^(?:le|les|du|la|l['’])?\s*$", "", title.strip(), flags=re.I)
        if (
            bare
            and not EVENT_HEAD.search(title)
            and index > 0
            and lines[index - 1].strip()
            and not re.search(r"[.!?:]\s*$", lines[index - 1])
        ):
            title = f"{lines[index - 1].strip()} {title}"  # the title wraps onto this line
        title = re.sub(rf"\s+(?:qui\s+)?{_VERBS}.*$", "", title)
        title = re.sub(r"[,:–-]?\s*(?:le|les|du|des|en)?\s*$", "", title.strip(), flags=re.I)
        place = None
        if (
            m := re.search(r",\s*(?:à|au|aux)\s+(?:la\s+|l['’])?(?P<p>[A-ZÀ-Ý][^,]{2,80})$", title)
        ) and EVENT_HEAD.search(title[: m.start()]):
            place, title = m["p"].strip(), title[: m.start()]
        if not _is_event_title(_clean_title(title)):
            continue
        if re.search(
            r"\b(?:ouvert|appel à (?:projets|contributions?|candidatures?)|inscriptions?|date limite|répertoire|publication|parution|questionnaire|enquête)\b",
            _clean_title(title),
            re.I,
        ):
            continue
        after = text[first.end_offset :]
        if place is None:
            place = _place_after(after)
        yield _Found(
            _clean_title(title), first.start, first.end, place, bool(_ONLINE.search(after)), index, index, text
        )


_NOT_A_START = re.compile(
    r"^(?:de|des|du|lors|dans|pour|avec|après|avant|pendant|à|au|aux|en|cet|cette|ce|ces|son|sa|ses|notre|nos|vous|nous|il|elle|m\.|mme|déclaration|appel|ouverture|lancement du \d)\b",
    re.I,
)
_FINITE_VERB = re.compile(
    r"\b(?:organisera|organise|présidera|aura|sera|seront|est|sont|a|ont|avait|fera|invite|lance|lancent|annonce|publie)\b(?!-t-)"
)
_ORDINAL_START = re.compile(
    r"^(?:\d{1,3}\s*(?:e|er|ère|ème|eme)\b|premi[eè]re?|deuxième|seconde?|troisième|dernier|dernière|nouvelle?|prochaine?)\s*",
    re.I,
)


def _is_event_title(title: str) -> bool:
    """An event name starts with its head word ("Réunion du ...", "4e Assises ...", "Forum ...")."""
    if re.fullmatch(r"COP\s?\d+", title.strip()):
        return True
    if len(title) < 6 or _NOT_A_START.match(title) or _FINITE_VERB.search(title):
        return False
    bare = _ORDINAL_START.sub("", title)
    bare = re.sub(r"^(?:[ée]dition\s+(?:de\s+la|du|des|de\s+l['’]|de)\s*)", "", bare, flags=re.I)
    words = [
        w for w in re.findall(r"[\wÀ-ÿ'’-]+", bare) if fold(w) not in {"de", "du", "des", "la", "le", "les", "l", "d"}
    ]
    if len(words) < 2 and not (words and bare != title and EVENT_HEAD.search(words[0])):
        return False
    head = " ".join(words[:3])
    return bool(EVENT_HEAD.search(head) or re.match(r"\s*[A-ZÀ-Ý][\w'’-]*\s+(?:de|du|des)\s+CGLU", title))


def _place_after(text: str) -> str | None:
    text = re.sub(r"^\s*(?:derniers?|prochains?)\b", "", text)
    text = re.sub(r"^\s*,?\s*(?:de|à)\s+\d{1,2}h\d{0,2}(?:\s+à\s+\d{1,2}h\d{0,2})?(?:\s*\([^)]*\))?", "", text)
    if _ONLINE.match(text.strip(" ,")):
        return "visioconférence"
    m = _PLACE.match(text)
    if not m:
        return None
    place = m["place"].strip()
    if re.match(r"(?:\d|h\d|l['’]occasion|partir|destination|cette|ce\b)", place, re.I):
        return None
    return place


_FUTURE = re.compile(r"aura|auront|tiendra|tiendront|réunira|déroulera|dérouleront|sera|prévue?s?|ouvrira")


def _next_year(match: DateMatch) -> DateMatch:
    def shift(d: PartialDate | None) -> PartialDate | None:
        return PartialDate(d.year + 1, d.month, d.day) if d else None

    return DateMatch(match.start_offset, match.end_offset, shift(match.start), shift(match.end), match.text)  # type: ignore[arg-type]


def _before_apposition(subject: str) -> str:
    """A subject without the apposition that follows it (", présidé par …", ", qui …", ", organisée …")."""
    return re.split(
        r",\s+(?=(?:qui|dont|organisée?s?|présidée?s?|co-?présidée?s?|prévue?s?|accueillie?s?|animée?s?)\b)", subject
    )[0]


def _sentence_events(doc: Doc, ref: dt.date) -> Iterator[_Found]:
    """Sentences whose subject is an event and whose verb gives its date."""
    for para in paragraphs(doc):
        text = para.text
        for m in _SENTENCE_EVENT.finditer(text):
            tail = m["tail"]
            dates = find_dates(tail, ref)
            if not dates or dates[0].start_offset > 80:
                continue
            subject = re.sub(
                r"^(?:[Ll]['’]\s*|(?:La|Le|Les|Une?|Des|la|le|les|une?|au|aux|du|son|sa|ses|leur)\s+)", "", m["subject"]
            ).strip()
            subject = _before_apposition(subject)
            # "Le groupe-pays X, présidé par Y, …, se réunira le …": the group is the subject before the apposition.
            if "réuni" in m["verb"] and (group := _GROUP_MET.match(_before_apposition(m["subject"].strip()))):
                subject = f"Réunion du {group['g'].strip()}"
                if re.fullmatch(r"(?i:groupe)", group["g"].strip()) and (
                    named := heading_group(doc, para.line_index(m.start()))
                ):
                    subject = f"Réunion du {named.label}"
            if not _is_event_title(_clean_title(subject)) or len(subject) > 150:
                continue
            first = dates[0]
            if (
                _FUTURE.search(m["verb"])
                and not re.search(r"(?:19|20)\d\d", first.text)
                and first.start.as_date() < ref - dt.timedelta(days=31)
            ):
                first = _next_year(first)  # "aura lieu le 2 décembre" is not last December
            after = tail[first.end_offset :]
            before = tail[: first.start_offset]
            place = _place_after(after) or _place_after(before)
            online = bool(_ONLINE.search(tail))
            start_line = para.line_index(m.start())
            end_line = para.line_index(m.end() - 1)
            yield _Found(_clean_title(subject), first.start, first.end, place, online, start_line, end_line, m.group(0))


_ORGANISES = re.compile(
    r"\b(?P<org>(?:La|Le|L['’]|Les)\s*[^,.;\n]{3,90}?|[A-Z]{3,})\s+(?:organisera|organise|a organisé|animera|tiendra|tient)\s+"
    r"(?:un|une|son|sa|le|la)\s+(?P<what>atelier|micro-atelier|side-event|réunion|webinaire|séminaire|rencontre|forum|mission|journée)\b(?P<tail>[^.;!?\n]{0,200})",
)
_DATE_FIRST = re.compile(
    r"\b(?i:le|les|du)\s[^.;!?\n]{3,80}?\s+(?:dernier|derniers|prochain)?\s*,?\s*(?:a eu lieu|ont eu lieu|aura lieu|se tiendra|s['’]est tenue?)\s+(?:la|le|l['’]|les)\s*(?P<subject>[^.;!?\n,]{3,120})"
)


def _organised_events(doc: Doc, ref: dt.date) -> Iterator[_Found]:
    """Read "La Mission X organisera un atelier le mardi 21 juin" as "Atelier de la Mission X"."""
    for para in paragraphs(doc):
        for m in _ORGANISES.finditer(para.text):
            dates = find_dates(m["tail"], ref)
            if not dates or dates[0].start_offset > 60:
                continue
            org = re.sub(r"\s+de\s+(?:Cités Unies France|CUF)$", "", m["org"].strip())
            article = (
                "de l'"
                if re.match(r"L['’]", org)
                else "de la "
                if org.startswith("La ")
                else "du "
                if org.startswith("Le ")
                else "des "
            )
            org_name = re.sub(r"^(?:La|Le|L['’]|Les)\s*", "", org)
            name = f"{m['what'].capitalize()} {article}{org_name}"
            title = re.search(r"intitulée?\s*:?\s*«\s*(?P<t>[^»]+?)\s*»", m["tail"])
            if title:
                name = f"{m['what'].capitalize()} « {title['t']} »"
            first = dates[0]
            yield _Found(
                name,
                first.start,
                first.end,
                _place_after(m["tail"][first.end_offset :]),
                bool(_ONLINE.search(m["tail"])),
                para.line_index(m.start()),
                para.line_index(m.end() - 1),
                m.group(0),
            )
        for m in _DATE_FIRST.finditer(para.text):
            dates = find_dates(m.group(0)[:90], ref)
            subject = _clean_title(m["subject"])
            if dates and _is_event_title(subject):
                yield _Found(
                    subject,
                    dates[0].start,
                    dates[0].end,
                    None,
                    False,
                    para.line_index(m.start()),
                    para.line_index(m.end() - 1),
                    m.group(0),
                )


_AGENDA_DAY = re.compile(
    rf"^(?:du\s+)?(?:(?P<wd1>{WD})\s+)?(?P<d1>{DAY})(?:\s+(?P<m1>[a-zéû]+))?"
    rf"(?:\s+(?:au|et|-|–)\s+(?:(?P<wd2>{WD})\s+)?(?P<d2>{DAY})(?:\s+(?P<m2>[a-zéû]+))?)?\s*:\s*$",
    re.I,
)
_MONTH_HEADING = re.compile(r"^(?P<m>[A-ZÉÛa-zéû]{3,9})\.?\s*(?P<y>(?:19|20)\d\d)?$")


def agenda_dates(doc: Doc, ref: dt.date) -> list[dt.date]:
    """The dates of the agenda entries (used to date the document itself)."""
    return [found.start.as_date() for found in _agenda_events(doc, ref) if found.start]


def _agenda_events(doc: Doc, ref: dt.date) -> Iterator[_Found]:
    """Entries of agenda sections: a day line followed by bullet lines.

    Day lines are resolved in order; a day line with neither weekday nor month
    ("Du 4 au 8 :") takes the month of the next line that is resolved.
    """
    lines = doc.lines
    blocks: list[tuple[int, re.Match[str], int | None, list[int]]] = []
    month_hint: int | None = None
    open_block = False
    for index, raw in enumerate(lines):
        text = raw.strip()
        if not text:
            continue
        if (m := _MONTH_HEADING.match(text)) and parse_month(m["m"]) and (text.isupper() or len(text) <= 4):
            month_hint = parse_month(m["m"])
            continue
        if m := _AGENDA_DAY.match(text):
            blocks.append((index, m, month_hint, []))
            open_block = True
        elif text.startswith("•") and blocks and open_block and index - blocks[-1][0] <= 6:
            blocks[-1][3].append(index)
        else:
            open_block = False
    resolved: list[tuple[dt.date, dt.date | None] | None] = []
    previous: dt.date | None = None
    for _, m, hint, _ in blocks:
        day = _resolve_day_line(m, ref, previous, hint)
        resolved.append(day)
        if day:
            previous = day[0]
    for i, (index, m, hint, items) in enumerate(blocks):
        day = resolved[i]
        if day is None or (m["wd1"] is None and hint is None and not m["m1"]):
            following = next((r[0].month for r in resolved[i + 1 :] if r), None)
            day = _resolve_day_line(m, ref, None, following) if following else day
        if day is None:
            continue
        start, end = day
        for item_index in items:
            item, place, online = _split_item(lines[item_index].strip().lstrip("• ").strip())
            if not item or len(item) < 4:
                continue
            quote = f"{lines[index]} {lines[item_index]}"
            yield _Found(
                _clean_title(item),
                PartialDate.of(start),
                PartialDate.of(end) if end else None,
                place,
                online,
                index,
                item_index,
                quote,
            )


def _resolve_day_line(
    m: re.Match[str], ref: dt.date, previous: dt.date | None, month_hint: int | None
) -> tuple[dt.date, dt.date | None] | None:
    m1 = parse_month(m["m1"]) if m["m1"] else None
    m2 = parse_month(m["m2"]) if m["m2"] else None
    if (m["m1"] and m1 is None) or (m["m2"] and m2 is None):
        return None
    wd1 = WEEKDAYS.get(m["wd1"].lower()) if m["wd1"] else None
    wd2 = WEEKDAYS.get(m["wd2"].lower()) if m["wd2"] else None
    d1 = int(re.sub(r"\D", "", m["d1"]))
    hint1 = m1 or m2 or month_hint
    if wd1 is None and hint1 is None and previous is not None:
        hint1 = previous.month
    start = resolve_weekday_day(d1, wd1, ref, after=previous, month_hint=hint1)
    if start is None:
        return None
    end = None
    if m["d2"]:
        d2 = int(re.sub(r"\D", "", m["d2"]))
        end = resolve_weekday_day(d2, wd2, start, after=start, month_hint=m2 or (start.month if d2 >= d1 else None))
    return start, end


def _split_item(item: str) -> tuple[str, str | None, bool]:
    """Split an agenda item into (title, place, online)."""
    item = re.sub(r"\s*\((?:réservée?s?|ouverte?s?)[^)]*\)\s*$", "", item).strip()
    online = bool(_ONLINE.search(item))
    parts = re.split(r",\s+(?=(?:à|au|aux|en)\s)", item, maxsplit=1)
    title = parts[0]
    place = None
    if len(parts) > 1:
        place = _place_after(", " + parts[1])
    return title.strip(), place, online


_WORKSHOP_LIST = re.compile(r"\bateliers?\s+(?:th[ée]matiques\s+)?suivants\s*:|\bateliers?\s*:\s*$", re.I)
_PLENARY = re.compile(r"(?:conférence|séance)\s+plénière\s*:?\s*«\s*(?P<t>[^»]{5,200}?)\s*»", re.I)


def _workshop_events(doc: Doc, ref: dt.date, main: _Found | None) -> Iterator[_Found]:
    """Workshops listed "au cours des ateliers suivants : « X », « Y »" in a conference report."""
    if main is None or main.start is None:
        return
    lines = doc.lines
    for para in paragraphs(doc):
        text = para.text
        day = main.start
        if re.search(r"\b(?:deuxième|seconde|2e)\s+journée\b", text, re.I) and main.end:
            day = main.end
        if m := _PLENARY.search(text):
            yield _Found(
                f"Conférence plénière « {m['t'].strip()} »",
                day,
                day,
                main.place,
                False,
                para.line_index(m.start()),
                para.line_index(m.end() - 1),
                m.group(0),
            )
        first_day = re.search(
            r"\b(?:première|1re)\s+journée\b[^.]*?réunions\s+régionales\s+(?P<a>[A-ZÀ-Ý][\wÀ-ÿ-]*)\s+et\s+(?P<b>[A-ZÀ-Ý][\wÀ-ÿ-]*)",
            text,
        )
        if first_day:
            for region in (first_day["a"], first_day["b"]):
                yield _Found(
                    f"Réunion régionale {region}",
                    main.start,
                    main.start,
                    main.place,
                    False,
                    para.line_index(first_day.start()),
                    para.line_index(first_day.end() - 1),
                    first_day.group(0),
                )
        if not _WORKSHOP_LIST.search(text):
            continue
        index = para.last + 1
        while index < len(lines):
            item = lines[index].strip()
            if not item:
                index += 1
                continue
            if not item.startswith("•"):
                break
            title = _join_item(lines, index)
            if t := re.search(r"«\s*(?P<t>.+?)\s*»", title):
                name = f"Atelier « {t['t']} »"
                yield _Found(name, day, day, main.place, False, index, index, title)
            index += 1


def _join_item(lines: list[str], index: int) -> str:
    text = lines[index].lstrip("• ").strip()
    j = index + 1
    while "»" not in text and j < len(lines) and j <= index + 3:
        if lines[j].strip() and not lines[j].startswith("•"):
            text += " " + lines[j].strip()
        j += 1
    return text


_GRID_DATE = re.compile(
    rf"^(?:le\s+)?(?:(?P<d1>\d{{1,2}})(?:\s*[-–]\s*(?P<d2>\d{{1,2}}))?\s+)?(?P<m1>{MON})(?:\s*(?P<sep>[-–&]|et)\s*(?P<m2>{MON}))?$",
    re.I,
)


def _grid_events(doc: Doc, ref: dt.date) -> Iterator[_Found]:
    """Programme grids: short blocks "Atelier de / lancement / le 23 avril", "Webinaires / Juin & Octobre"."""
    for para in paragraphs(doc):
        lines = [doc.lines[i].strip() for i in range(para.first, para.last + 1)]
        if not 2 <= len(lines) <= 4 or any(len(line) > 45 for line in lines):
            continue
        m = _GRID_DATE.match(lines[-1])
        if not m:
            continue
        name = _clean_title(" ".join(lines[:-1]))
        if not _is_event_title(name):
            continue
        month1, month2 = parse_month(m["m1"]), parse_month(m["m2"]) if m["m2"] else None
        if month1 is None:
            continue
        year1 = _nearest_year_for(month1, ref)
        if m["d1"]:
            start = PartialDate(year1, month1, int(m["d1"]))
            end = PartialDate(year1, month1, int(m["d2"])) if m["d2"] else None
            yield _Found(name, start, end, None, False, para.first, para.last, " ".join(lines))
        elif month2 and m["sep"] in ("&", "et"):
            for month in (month1, month2):
                yield _Found(
                    name,
                    PartialDate(_nearest_year_for(month, ref), month),
                    None,
                    None,
                    False,
                    para.first,
                    para.last,
                    " ".join(lines),
                )
        else:
            end = PartialDate(_nearest_year_for(month2, ref), month2) if month2 else None
            yield _Found(name, PartialDate(year1, month1), end, None, False, para.first, para.last, " ".join(lines))


def _nearest_year_for(month: int, ref: dt.date) -> int:
    """A month written without a year: this year unless that is over 4 months ago."""
    return ref.year + 1 if month < ref.month - 4 else ref.year


_EDITION_ANNOUNCED = re.compile(
    r"rendez-vous\s+(?:en\s+)?(?P<when>[^!.]{0,40}?)\s*pour\s+la\s+(?P<n>\d{1,2}\s*(?:e|ème)|[a-zéè-]+ième)\s+édition",
    re.I,
)


def _announced_editions(doc: Doc, ref: dt.date) -> Iterator[_Found]:
    """Editions announced ("rendez-vous en octobre 2024 pour la 15e édition") of the document series."""
    text = doc.source.text
    if not re.search(r"Rencontres de l['’]action internationale des collectivités|Rencontres de l['’]AICT", text):
        return
    for para in paragraphs(doc):
        for m in _EDITION_ANNOUNCED.finditer(para.text):
            n = m["n"]
            edition = int(re.sub(r"\D", "", n)) if re.match(r"\d", n) else _ordinal_word(fold(n))
            if edition is None:
                continue
            dates = find_dates(m["when"], ref)
            start = dates[0].start if dates and "/" not in m["when"] else None
            yield _Found(
                f"{edition}e {RENCONTRES_SERIES}",
                start,
                None,
                None,
                False,
                para.line_index(m.start()),
                para.line_index(m.end() - 1),
                m.group(0),
            )


# --- dated list items and meetings named by their owner -----------------------------------------

_ITEM_SEPARATOR = re.compile(
    r"^\s*(?:,\s*(?:à\s+|de\s+)?\d{1,2}\s*h\s*\d{0,2}(?:\s*[-–à]+\s*\d{1,2}\s*h\s*\d{0,2})?)?\s*(?::|–|—|-)\s+(?P<rest>\S.*)$"
)
_TIME = re.compile(r"^(?:à|de|dès)?\s*\d{1,2}\s*h\s*\d{0,2}(?:\s*(?:-|–|à)\s*\d{1,2}\s*h\s*\d{0,2})?$", re.I)


def _dated_items(doc: Doc, ref: dt.date) -> Iterator[_Found]:
    """Lines that open with their date: "- Du 18 au 20 novembre : Rencontres de l'AICT, Paris."."""
    for index, line in enumerate(doc.lines):
        text = line.strip().lstrip("• ").strip()
        if not text or len(text) > 220:
            continue
        dates = find_dates(text, ref)
        if not dates or dates[0].start_offset > 4:
            continue
        first = dates[0]
        m = _ITEM_SEPARATOR.match(text[first.end_offset :])
        if not m:
            continue
        title, place, online = _split_listed(m["rest"])
        name = _clean_title(title)
        if not _is_event_title(name):
            continue
        yield _Found(name, first.start, first.end, place, online, index, index, text)


def _split_listed(rest: str) -> tuple[str, str | None, bool]:
    """(title, place, online) of a listed event: "Assises ..., Monastir (Tunisie)", "Réunion ..., en visioconférence"."""
    rest = rest.strip().rstrip(".")
    online = bool(_ONLINE.search(rest))
    parts = split_top_level(rest)
    title = parts[0]
    place = None
    for part in parts[1:]:
        part = part.strip()
        if _TIME.match(part) or _ONLINE.fullmatch(part) or not part:
            continue
        candidate = re.sub(r"^(?:à|au|aux|en)\s+(?:la\s+|le\s+|l['’])?", "", part)
        if candidate[:1].isupper() and place is None:
            place = candidate
    if place is None and (pm := re.search(r"\s*\((?P<p>[A-ZÀ-Ý][^()]{1,60})\)\s*$", title)):
        place = pm["p"].split(",")[0].strip()
        title = title[: pm.start()]
    if place and _ONLINE.search(place):
        place = None
    return title.strip(), place, online


def split_top_level(text: str) -> list[str]:
    """Split at commas outside parentheses and « »."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char in "(«":
            depth += 1
        elif char in ")»":
            depth = max(depth - 1, 0)
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


_OWN_MEETING = re.compile(
    r"\b(?:sa|son|leur)\s+(?P<what>réunion(?:\s+plénière|\s+annuelle)?|conseil\s+d['’]administration|assemblée\s+générale|"
    r"bureau(?:\s+exécutif)?|séminaire|comité\s+(?:directeur|de\s+pilotage|des\s+donateurs))\s+du\s+(?P<when>[^,.;]{3,50})",
    re.I,
)


def _owned_meetings(doc: Doc, ref: dt.date) -> Iterator[_Found]:
    """ "Lors de sa réunion du 7 février, le groupe-pays X ..." is a meeting of X on that date."""
    for para in paragraphs(doc):
        text = para.text
        for m in _OWN_MEETING.finditer(text):
            dates = find_dates(m["when"], ref)
            if not dates or dates[0].start_offset > 3:
                continue
            s_start, s_end = sentence_bounds(text, m.start(), m.end())
            sentence = text[s_start:s_end]
            groups = [ref_ for _, _, ref_ in find_group_mentions(sentence)]
            if groups:
                owner = groups[0].label
                owner = (
                    owner
                    if owner.lower().startswith("groupe")
                    else f"la {owner}"
                    if owner.lower().startswith(("dynamique", "mission"))
                    else owner
                )
                of = "du " if owner.lower().startswith("groupe") else "de "
            elif re.search(r"Cit[ée]s Unies France|\bCUF\b", sentence):
                owner, of = NETWORK_NAME, "de "
            else:
                continue
            what = m["what"][:1].upper() + m["what"][1:]
            first = dates[0]
            yield _Found(
                f"{what} {of}{owner}",
                first.start,
                first.end,
                None,
                False,
                para.line_index(m.start()),
                para.line_index(m.end() - 1),
                sentence,
            )


# --- assembly ---------------------------------------------------------------------------------


def _current_edition(doc: Doc) -> int | None:
    """The edition a document mostly talks about ("la 12e édition", "cette 12ème édition")."""
    counts: dict[int, int] = {}
    for m in re.finditer(r"\b(\d{1,2})\s*(?:e|ème|eme)\s+édition\b", doc.source.text):
        counts[int(m.group(1))] = counts.get(int(m.group(1)), 0) + 1
    return max(counts, key=lambda k: (counts[k], -k)) if counts else None


def _to_fact(doc: Doc, found: _Found, current_edition: int | None = None) -> EventFact:
    name, edition, series = _rencontres(found.name)
    if series == RENCONTRES_SERIES and edition is None and current_edition is not None and found.start is not None:
        name, edition = f"{current_edition}e {RENCONTRES_SERIES}", current_edition
    if edition is None and series is None:
        edition = _edition(name)
    kind = event_kind(name)
    place = found.place
    online = found.online or (place is not None and bool(_ONLINE.search(place)))
    if online and place is None:
        place = "visioconférence"
    organizers: tuple[str, ...] = ()
    if series == RENCONTRES_SERIES:
        organizers = (NETWORK_NAME,)
    elif m := re.search(r"\b(?:de|du)\s+(CGLU|CUF|AMF|AIMF|PLATFORMA)\b", name):
        org = organization_by_acronym(m.group(1))
        organizers = (org[0] if org else m.group(1),)
    evidence = doc.evidence(found.line, found.last_line, shorten(found.quote))
    end = found.end if found.end != found.start else None
    return EventFact(name, kind, found.start, end, place, online, organizers, edition, series, evidence)


def extract_events(doc: Doc) -> list[EventFact]:
    """Every dated event the document announces or reports, de-duplicated."""
    ref = doc.date
    found: list[_Found] = []
    found.extend(_title_events(doc, ref))
    found.extend(_sentence_events(doc, ref))
    found.extend(_agenda_events(doc, ref))
    found.extend(_announced_editions(doc, ref))
    found.extend(_organised_events(doc, ref))
    found.extend(_grid_events(doc, ref))
    found.extend(_dated_items(doc, ref))
    found.extend(_owned_meetings(doc, ref))
    current = _current_edition(doc) if re.search(r"communiqu[ée] de presse", doc.source.text, re.I) else None
    found = [f for f in found if f.name]
    facts = [_to_fact(doc, f, current) for f in found]
    main = _main_event(facts, found)
    if re.search(r"communiqu[ée] de presse", doc.source.text, re.I):
        # a press release reports one conference: its workshops take its date
        facts.extend(_to_fact(doc, f) for f in _workshop_events(doc, ref, main))
    return _dedupe(facts)


def _main_event(facts: list[EventFact], found: list[_Found]) -> _Found | None:
    """The dated edition of the Rencontres a press release is about (first one found)."""
    for fact, f in zip(facts, found, strict=False):
        if fact.series == RENCONTRES_SERIES and f.start is not None and f.start.day is not None:
            return f
    return None


def _dedupe(facts: list[EventFact]) -> list[EventFact]:
    """One event per (name, start); a dated statement wins over an undated one."""
    best: dict[tuple[str, str], EventFact] = {}
    for fact in facts:
        key = (fold(fact.name), fact.start.iso() if fact.start else "")
        current = best.get(key)
        if current is None or (current.place is None and fact.place is not None):
            best[key] = fact
    undated = {fold(f.name) for f in best.values() if f.start is not None}
    return [f for k, f in best.items() if f.start is not None or k[0] not in undated]
