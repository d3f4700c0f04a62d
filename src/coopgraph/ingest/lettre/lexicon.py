"""Field vocabulary: French role words, authority prefixes, event words, partner institutions.

General knowledge of decentralised cooperation (see GLOSSARY.md), never names
taken from particular documents. Regular expressions work on text as written;
`classify_*` functions work on `fold`ed text.
"""

from __future__ import annotations

import re

from coopgraph.identity import fold

__all__ = [
    "AUTHORITY_PREFIX",
    "EVENT_HEAD",
    "NAME",
    "NETWORK_ACRONYM",
    "NETWORK_NAME",
    "ORGANIZATIONS",
    "ROLE_START",
    "THEMES",
    "authority_kind",
    "classify_role",
    "event_kind",
    "is_person_name",
    "looks_like_authority",
    "organization_by_acronym",
]

NETWORK_NAME = "Cités Unies France"
NETWORK_ACRONYM = "CUF"

# A segment of text that starts an office: "adjointe au maire", "vice-président", "Directeur général"...
ROLE_START = re.compile(
    r"(?:premi[eè]re?\s+|nouvelle?\s+|ancien(?:ne)?\s+)?(?:vice-|co-)?"
    r"(?:pr[ée]sident(?:e|\(e\))?|maire|adjoint(?:e)?|conseill[eè]re?|d[ée]l[ée]gu[ée]e?|directeur|directrice|"
    r"ministre|secr[ée]taire|ambassad(?:eur|rice)|responsable|charg[ée]e?\s+(?:de\s+mission|d['’]|de\s+|des\s+|du\s+)|chef(?:fe)?|"
    r"coordinat(?:eur|rice)|s[ée]nat(?:eur|rice)|d[ée]put[ée]e?|consul(?:e)?|gouverneur|pr[ée]fet|"
    r"chercheu(?:r|se)|professeur(?:e)?|fondat(?:eur|rice)|membre|[ée]lue?|animat(?:eur|rice)|"
    r"gouverneure|bourgmestre)\b",
    re.I,
)

_ROLE_RULES: tuple[tuple[str, str], ...] = (
    (r"^(?:premiere?\s+|nouvelle?\s+)?co\s*president", "co-president"),
    (r"^(?:premiere?\s+|nouvelle?\s+)?vice\s*president", "vice-president"),
    (r"^(?:premiere?\s+|nouvelle?\s+)?president", "president"),
    (r"^(?:premiere?\s+)?adjoint|^maire adjoint", "deputy-mayor"),
    (r"^maire\b|^bourgmestre", "mayor"),
    (r"^conseill\w*\s+\w+\s+delegu|^conseill\w* delegu", "councillor-delegate"),
    (r"^conseill", "councillor"),
    (r"^(?:directeur|directrice|delegue general|secretaire general|chef|cheffe)", "director"),
    (r"^(?:responsable|charge|coordinat|animat|delegue)", "officer"),
    (r"^membre", "member"),
)


def classify_role(role_text: str | None) -> str:
    """The role concept slug (president, deputy-mayor, ...) of an office as written."""
    if not role_text:
        return "other"
    key = fold(role_text)
    for pattern, slug in _ROLE_RULES:
        if re.search(pattern, key):
            return slug
    return "other"


# Words that name a collectivité (as a prefix or inside the name).
AUTHORITY_PREFIX = re.compile(
    r"^(?:ville|commune|mairie|municipalit[ée]|d[ée]partement|conseil (?:d[ée]partemental|r[ée]gional|g[ée]n[ée]ral)|"
    r"r[ée]gion|m[ée]tropole|eurom[ée]tropole|communaut[ée] (?:urbaine|d'agglom[ée]ration|d’agglom[ée]ration|de communes)|"
    r"agglom[ée]ration|collectivit[ée]|province|pr[ée]fecture|gouvernorat|wilaya|comt[ée]|grand)\b",
    re.I,
)
_METRO = re.compile(r"\b(?:m[ée]tropole|agglo(?:m[ée]ration)?|communaut[ée] de communes|communaut[ée] urbaine)\b", re.I)


def authority_kind(name: str) -> str:
    """Kind slug of a French collectivité from its name (commune when nothing says otherwise)."""
    key = fold(name)
    if key.startswith(("region", "conseil regional")):
        return "region"
    if key.startswith(("departement", "conseil departemental", "conseil general")):
        return "departement"
    if "metropole" in key.split():
        return "metropole"
    if _METRO.search(name) or key.startswith(("communaute", "agglomeration", "grand ")):
        return "epci"
    return "commune"


def looks_like_authority(text: str) -> bool:
    """True for a short capitalised place or authority name ("Angers", "Région Sud")."""
    text = text.strip()
    if not text or len(text.split()) > 7:
        return False
    if AUTHORITY_PREFIX.match(text):
        return True
    return bool(
        re.fullmatch(
            r"(?:Le |La |Les |L['’])?[A-ZÀ-Ý][\w'’-]*(?:[ -](?:sur|sous|en|lès|le|la|les|de|du|des|communes|urbaine|d['’]agglom[ée]ration|[A-ZÀ-Ý][\w'’-]*))*",
            text,
        )
    )


# Head words of event names, with the kind they suggest (first match wins).
_EVENT_RULES: tuple[tuple[str, str], ...] = (
    (r"rencontres? de l (?:aict|action internationale)|\braict\b", "rencontres"),
    (r"\bassises\b", "assises"),
    (r"\b(?:reunion|atelier|seance) (?:du|de|de la) (?:groupe|dynamique|club|mission)", "group-meeting"),
    (r"\bwebinaires?\b|\bwebinar\b|\bchroniques geopolitiques\b|\bvisio", "webinar"),
    (r"\bmissions?\b|\btournee\b|\baccueil (?:en france )?d une delegation|\bdelegation\b", "mission"),
    (r"\bforum\b", "forum"),
    (r"\bformation\b|\bacademy\b|\bparcours\b|\btraining\b", "training"),
    (r"\bcongres\b|\bsommet\b|\bconference\b|\bcop ?\d+\b|\brencontres\b|\bassemblee mondiale\b|\bfabrique\b", "conference"),
    (r"\breunion\b|\bcomite\b|\bconseil\b|\bbureau\b|\bassemblee\b|\batelier\b|\bseminaire\b|\bcopil\b|"
     r"\bpoint\b|\bcafe\b|\bjournee\b|\brassemblement\b|\bsoiree\b|\breception\b|\brendez vous\b|\brdv\b|"
     r"\bside event\b|\bsession\b|\bpeer learning\b|\btable ronde\b", "meeting"),
    (r"\bfestival\b|\bsemaines?\b|\bexposition\b|\bsalon\b|\bceremonie\b|\bcampus\b", "other"),
)  # fmt: skip

# A word that makes a title an event title.
EVENT_HEAD = re.compile(
    r"\b(?:r[ée]unions?|rencontres?|assises|ateliers?|webinaires?|webinar|missions?|forum|formations?|"
    r"s[ée]minaire|conf[ée]rences?|congr[eè]s|sommet|festival|semaines?|journ[ée]es?|exposition|comit[ée]|"
    r"conseil (?:d['’]administration|mondial|administratif)|bureau ex[ée]cutif|assembl[ée]e|"
    r"chroniques|caf[ée]s?|salon|soir[ée]e|c[ée]r[ée]monie|copil|rendez-vous|rdv|rassemblement|"
    r"tourn[ée]e|r[ée]ception|accueil|side-event|session|campus|cop\s?\d+|academy|parcours|peer learning|"
    r"table ronde|point (?:pays|d['’][ée]tape)|[Pp]oint\s+(?=[A-ZÀ-Ý])|[ée]v[ée]nement|[ée]v[èe]nement|fabrique)\b",
    re.I,
)


def event_kind(name: str) -> str:
    """Event kind slug suggested by an event name."""
    key = fold(name)
    for pattern, slug in _EVENT_RULES:
        if re.search(pattern, key):
            return slug
    return "other"


# Partner institutions of the field: acronym -> (full name, other aliases).
ORGANIZATIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "CGLU": ("Cités et Gouvernements Locaux Unis", ("UCLG", "United Cities and Local Governments")),
    "AFD": ("Agence française de développement", ()),
    "PLATFORMA": ("PLATFORMA", ("Platforma",)),
    "DAECT": ("Délégation pour l'action extérieure des collectivités territoriales", ()),
    "DCTCIV": ("Délégation pour les collectivités territoriales et la société civile", ("DCT-CIV", "DC-TCIV")),
    "MEAE": ("Ministère de l'Europe et des Affaires étrangères", ()),
    "CNCD": ("Commission nationale de la coopération décentralisée", ()),
    "CDC": ("Caisse des dépôts", ()),
    "AMF": ("Association des maires de France", ()),
    "ADF": ("Départements de France", ()),
    "AIMF": ("Association internationale des maires francophones", ()),
    "ARRICOD": ("ARRICOD", ()),
    "CCRE": ("Conseil des Communes et Régions d'Europe", ("CEMR",)),
    "PS-EAU": ("Programme Solidarité-Eau", ("pS-Eau",)),
    "RCDP": ("Réseau de coopération décentralisée pour la Palestine", ()),
    "CNFPT": ("Centre national de la fonction publique territoriale", ()),
    "IFRI": ("Institut français des relations internationales", ()),
    "FMES": ("Fondation méditerranéenne d'études stratégiques", ()),
    "GAOK": ("Governors Association of Korea", ()),
    "GAROK": ("Governors Association of the Republic of Korea", ()),
    "CLAIR": ("Council of Local Authorities for International Relations", ("CLAIR Paris",)),
    "TBB": ("Union des municipalités de Turquie", ("Türkiye Belediyeler Birliği",)),
    "MINDDEVEL": ("Ministère de la Décentralisation et du Développement local", ()),
    "ONU-HABITAT": ("ONU-Habitat", ("UN-Habitat",)),
    "PNUD": ("Programme des Nations unies pour le développement", ("UNDP",)),
    "UNDRR": ("Bureau des Nations unies pour la réduction des risques de catastrophe", ()),
    "OCDE": ("Organisation de coopération et de développement économiques", ("OECD",)),
    "UE": ("Union européenne", ()),
    "GTF": ("Global Taskforce", ()),
    "CUF": (NETWORK_NAME, ()),
}


def organization_by_acronym(acronym: str) -> tuple[str, tuple[str, ...]] | None:
    """(full name, aliases) of a known institution, by acronym or alias, case-insensitively."""
    key = fold(acronym).replace(" ", "-").upper()
    if key in ORGANIZATIONS:
        return ORGANIZATIONS[key]
    compact = key.replace("-", "")
    for acr, (full, aliases) in ORGANIZATIONS.items():
        if compact == acr.replace("-", "") or any(compact == fold(a).replace(" ", "").upper() for a in aliases):
            return full, aliases
    return None


# Themes of thematic groups (GLOSSARY): used to name a group the text only calls "groupe thématique".
THEMES = (
    "Crises et réhabilitation", "Développement économique", "Jeunesses", "Jeunesse", "Genre", "ODD",
    "Climat", "ECSI", "Eau", "Numérique", "Santé", "Culture", "Sport", "Tourisme", "Migrations",
    "Alimentation", "Agriculture", "Énergie", "Éducation", "Francophonie", "Outre-mer",
)  # fmt: skip

# A person's name: 2 to 4 capitalised words ("Aurélie Le Meur", "Jean-Claude Dardelet", "Léonore Moncond'huy").
_NAME_WORD = r"[A-ZÀ-ÝÉ][a-zà-ÿœ'’]++(?:-[A-ZÀ-Ý][a-zà-ÿœ'’]++)*+"
NAME = rf"(?:{_NAME_WORD}(?:\s+(?:(?:de|du|van|von|da|di|d['’]|Le|La)\s+)?{_NAME_WORD}){{1,3}}(?:\s+Ba\b)?)"

# Capitalised words that never start (or appear in) a person's name.
_NOT_NAME = {
    "le", "la", "les", "un", "une", "des", "dans", "pour", "avec", "cites", "unies", "france", "region",
    "departement", "conseil", "ville", "metropole", "communaute", "ministere", "ambassade", "rencontres",
    "assises", "reunion", "atelier", "mission", "groupe", "dynamique", "fonds", "president", "presidente",
    "maire", "cuf", "association", "agence", "delegation", "commission", "programme", "reseau", "institut",
    "centre", "comite", "forum", "sommet", "union", "nations", "gouvernements", "locaux",
    "semaine", "journee", "direction", "service", "secretariat", "madame", "monsieur", "mme", "m",
    "europe", "afrique", "amerique", "asie", "paris", "lyon", "nord", "sud", "est", "ouest", "saint",
    "sainte", "grand", "plus", "apres", "depuis", "cette", "ces", "notre", "nos", "vous", "nous",
    "palais", "salons", "hotel", "maison", "parc", "cite", "rappel", "nouveau", "nouvelle", "appel",
    "chroniques", "lancement", "retrouvez", "participation", "publication", "succes", "retour",
    "bureau", "ecole", "universite", "fondation", "task", "force", "global", "taskforce", "sous",
}  # fmt: skip


def is_person_name(text: str) -> bool:
    """A plausible person name: 2-5 capitalised words, none of them an institutional word."""
    words = text.split()
    if not 2 <= len(words) <= 5:
        return False
    if not re.fullmatch(NAME, text):
        return False
    folded = [fold(w) for w in words]
    if folded[0] in _NOT_NAME:
        return False
    return not any(f in _NOT_NAME and f not in {"le", "la"} for f in folded[1:])
