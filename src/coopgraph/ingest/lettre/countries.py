"""French country names, short forms and adjectives to ISO 3166 codes.

pycountry ships the French translations of ISO 3166 names ("Corée, République
de"); newsletters write "République de Corée", "Corée du Sud", "États-Unis",
"Palestine", or only an adjective ("coopération franco-malgache"). The
resolver folds accents and case and knows those common forms.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from functools import lru_cache

from coopgraph.identity import fold

__all__ = ["Country", "country_from_adjective", "country_label", "find_countries", "resolve_country"]


@dataclass(frozen=True)
class Country:
    """An ISO 3166 country: alpha-3 and alpha-2 codes and a French label."""

    alpha3: str
    alpha2: str
    label: str


# Common short forms that are not (or not verbatim) in the ISO French names.
_SHORT_FORMS = {
    "coree": "KOR", "coree du sud": "KOR", "republique de coree": "KOR",
    "coree du nord": "PRK", "etats unis": "USA", "etats unis d amerique": "USA", "usa": "USA",
    "palestine": "PSE", "territoires palestiniens": "PSE", "gaza": "PSE", "bande de gaza": "PSE",
    "cisjordanie": "PSE", "vietnam": "VNM", "viet nam": "VNM", "russie": "RUS", "syrie": "SYR",
    "iran": "IRN", "bolivie": "BOL", "venezuela": "VEN", "tanzanie": "TZA", "moldavie": "MDA",
    "laos": "LAO", "cap vert": "CPV", "cote d ivoire": "CIV", "turquie": "TUR", "turkiye": "TUR",
    "royaume uni": "GBR", "angleterre": "GBR", "ecosse": "GBR", "rdc": "COD",
    "republique democratique du congo": "COD", "congo brazzaville": "COG", "taiwan": "TWN",
    "tchequie": "CZE", "republique tcheque": "CZE", "macedoine": "MKD", "kosovo": "XKX",
    "micronesie": "FSM", "vatican": "VAT", "birmanie": "MMR", "myanmar": "MMR",
    "pays bas": "NLD", "hollande": "NLD", "emirats arabes unis": "ARE", "eau": "ARE",
}  # fmt: skip

# Preferred labels where the ISO French name is awkward ("Corée, République de").
_LABELS = {
    "KOR": "République de Corée", "USA": "États-Unis", "PSE": "Palestine", "VNM": "Vietnam",
    "GBR": "Royaume-Uni", "RUS": "Russie", "SYR": "Syrie", "IRN": "Iran", "BOL": "Bolivie",
    "VEN": "Venezuela", "TZA": "Tanzanie", "MDA": "Moldavie", "LAO": "Laos", "CZE": "Tchéquie",
    "COD": "République démocratique du Congo", "TWN": "Taïwan", "PRK": "Corée du Nord",
    "ARE": "Émirats arabes unis", "MMR": "Birmanie", "XKX": "Kosovo",
}  # fmt: skip

# "franco-marocain", "coopération malgache": adjective stems (folded) to country codes.
_ADJECTIVES = {
    "marocain": "MAR", "senegalais": "SEN", "malgache": "MDG", "mauritanien": "MRT",
    "algerien": "DZA", "tunisien": "TUN", "libanais": "LBN", "palestinien": "PSE",
    "armenien": "ARM", "japonais": "JPN", "coreen": "KOR", "sud coreen": "KOR",
    "vietnamien": "VNM", "chinois": "CHN", "americain": "USA", "etats unien": "USA",
    "ukrainien": "UKR", "argentin": "ARG", "bresilien": "BRA", "haitien": "HTI",
    "malien": "MLI", "burkinabe": "BFA", "nigerien": "NER", "nigerian": "NGA",
    "camerounais": "CMR", "beninois": "BEN", "togolais": "TGO", "ivoirien": "CIV",
    "israelien": "ISR", "turc": "TUR", "turque": "TUR", "canadien": "CAN", "quebecois": "CAN",
    "allemand": "DEU", "polonais": "POL", "italien": "ITA", "espagnol": "ESP",
    "portugais": "PRT", "roumain": "ROU", "moldave": "MDA", "georgien": "GEO",
    "indien": "IND", "cambodgien": "KHM", "laotien": "LAO", "mexicain": "MEX",
    "chilien": "CHL", "colombien": "COL", "peruvien": "PER", "bolivien": "BOL",
    "cubain": "CUB", "nicaraguayen": "NIC", "guatemalteque": "GTM", "congolais": "COG",
    "gabonais": "GAB", "guineen": "GIN", "tchadien": "TCD", "ethiopien": "ETH",
    "kenyan": "KEN", "sud africain": "ZAF", "egyptien": "EGY", "jordanien": "JOR",
    "syrien": "SYR", "irakien": "IRQ", "iranien": "IRN", "afghan": "AFG", "russe": "RUS",
    "britannique": "GBR", "irlandais": "IRL", "grec": "GRC", "croate": "HRV", "serbe": "SRB",
    "bosnien": "BIH", "albanais": "ALB", "macedonien": "MKD", "bulgare": "BGR",
    "hongrois": "HUN", "tcheque": "CZE", "slovaque": "SVK", "autrichien": "AUT",
    "suisse": "CHE", "belge": "BEL", "neerlandais": "NLD", "suedois": "SWE",
    "norvegien": "NOR", "danois": "DNK", "finlandais": "FIN", "estonien": "EST",
    "letton": "LVA", "lituanien": "LTU", "azerbaidjanais": "AZE", "kazakh": "KAZ",
    "ouzbek": "UZB", "mongol": "MNG", "thailandais": "THA", "indonesien": "IDN",
    "philippin": "PHL", "malaisien": "MYS", "australien": "AUS", "comorien": "COM",
    "mauricien": "MUS", "rwandais": "RWA", "burundais": "BDI", "centrafricain": "CAF",
    "cap verdien": "CPV", "ghaneen": "GHA", "libyen": "LBY", "soudanais": "SDN",
    "ecuatorien": "ECU", "equatorien": "ECU", "uruguayen": "URY", "paraguayen": "PRY",
    "venezuelien": "VEN", "dominicain": "DOM", "salvadorien": "SLV", "hondurien": "HND",
    "costaricien": "CRI", "panameen": "PAN", "quebecoise": "CAN", "mozambicain": "MOZ",
    "angolais": "AGO", "zimbabween": "ZWE", "zambien": "ZMB", "ougandais": "UGA",
    "tanzanien": "TZA", "somalien": "SOM", "djiboutien": "DJI", "erythreen": "ERI",
    "yemenite": "YEM", "saoudien": "SAU", "emirien": "ARE", "qatari": "QAT",
    "koweitien": "KWT", "omanais": "OMN", "pakistanais": "PAK", "bangladais": "BGD",
    "nepalais": "NPL", "srilankais": "LKA", "birman": "MMR", "taiwanais": "TWN",
}  # fmt: skip


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """(folded French name -> alpha3, alpha3 -> (alpha2, label)) from pycountry."""
    import pycountry

    try:
        french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
        tr = french.gettext
    except OSError:  # pragma: no cover - pycountry ships the French catalogue

        def tr(message: str) -> str:
            return message

    by_name: dict[str, str] = {}
    info: dict[str, tuple[str, str]] = {}
    for country in pycountry.countries:
        names = {tr(country.name)}
        for attr in ("official_name", "common_name"):
            if hasattr(country, attr):
                names.add(tr(getattr(country, attr)))
        for name in list(names):
            # "Corée, République de" -> "République de Corée"; "Bolivie, État plurinational de" -> "Bolivie"
            if ", " in name:
                head, tail = name.split(", ", 1)
                names.add(head)
                names.add(f"{tail} {head}")
            names.add(re.sub(r"\s*\(.*?\)", "", name))
        for name in names:
            by_name.setdefault(fold(name), country.alpha_3)
        label = _LABELS.get(country.alpha_3) or tr(country.name).split(", ")[0]
        info[country.alpha_3] = (country.alpha_2, label)
    info.setdefault("XKX", ("XK", "Kosovo"))
    for short, code in _SHORT_FORMS.items():
        by_name[short] = code
    return by_name, info


def country_label(alpha3: str) -> Country:
    """The `Country` for an alpha-3 code."""
    _, info = _tables()
    alpha2, label = info[alpha3]
    return Country(alpha3, alpha2, label)


def resolve_country(name: str) -> Country | None:
    """The country a French name designates ("Liban", "République de Corée", "Gaza"), else None."""
    key = fold(name)
    key = re.sub(r"^(?:la|le|les|l|en|au|aux)\s+", "", key)
    by_name, _ = _tables()
    code = by_name.get(key)
    return country_label(code) if code else None


def country_from_adjective(word: str) -> Country | None:
    """The country of a French adjective ("malgaches", "franco-sénégalais", "sud-coréennes")."""
    key = fold(word)
    key = re.sub(r"^franco\s+", "", key)
    for suffix in ("", "s", "e", "es", "ne", "nes"):  # masculine, plural, feminine forms
        if key.endswith(suffix):
            stem = key[: len(key) - len(suffix)] if suffix else key
            if stem in _ADJECTIVES:
                return country_label(_ADJECTIVES[stem])
    return None


_WORD = re.compile(r"[A-ZÀ-Ý][\w'’-]*(?:\s+(?:de|du|des|d'|la|et|[A-ZÀ-Ý][\w'’-]*)){0,4}")


def find_countries(text: str) -> list[tuple[int, Country]]:
    """Countries named in `text` (capitalised names), with their offsets, longest names first."""
    found: list[tuple[int, Country]] = []
    for m in _WORD.finditer(text):
        words = m.group(0).split()
        # try the longest prefix that names a country ("République de Corée", "Corée")
        for size in range(len(words), 0, -1):
            country = resolve_country(" ".join(words[:size]))
            if country:
                found.append((m.start(), country))
                break
    return found
