"""Deterministic identity: the same actor named in two sources gets one IRI.

IRIs are minted from the kind of entity plus either an official code (INSEE,
ISO 3166, SIREN, Wikidata QID) or a normalised name. Normalisation folds what
varies between sources but not between actors: accents, case, hyphens and
apostrophes, punctuation, and administrative prefixes such as "Ville de" or
"Conseil départemental de".
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from coopgraph.namespaces import ID

__all__ = ["fold", "mint_iri", "name_key", "slugify"]

# Prefixes that name the institution rather than the place: "Ville de Dijon" and
# "Dijon" are the same collectivité. Longest first so the most specific wins.
_ADMIN_PREFIXES = sorted(
    [
        "ville de",
        "ville d",
        "commune de",
        "commune d",
        "mairie de",
        "mairie d",
        "conseil departemental de la",
        "conseil departemental de l",
        "conseil departemental des",
        "conseil departemental du",
        "conseil departemental de",
        "conseil departemental d",
        "conseil general de la",
        "conseil general de l",
        "conseil general des",
        "conseil general du",
        "conseil general de",
        "conseil general d",
        "conseil regional de la",
        "conseil regional de l",
        "conseil regional des",
        "conseil regional du",
        "conseil regional de",
        "conseil regional d",
        "departement de la",
        "departement de l",
        "departement des",
        "departement du",
        "departement de",
        "departement d",
    ],
    key=len,
    reverse=True,
)

_APOSTROPHES = "'’‘`´"


def fold(text: str) -> str:
    """Lower-case, strip accents, turn hyphens/apostrophes/punctuation into single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    lowered = without_marks.lower().replace("œ", "oe").replace("æ", "ae")
    for mark in _APOSTROPHES:
        lowered = lowered.replace(mark, " ")
    spaced = re.sub(r"[^0-9a-z]+", " ", lowered)
    return spaced.strip()


def name_key(name: str) -> str:
    """The comparison key of a name: folded, without administrative prefixes.

    >>> name_key("Région Centre-Val de Loire") == name_key("Region Centre Val de Loire")
    True
    >>> name_key("Ville de Dijon")
    'dijon'
    """
    key = fold(name)
    for prefix in _ADMIN_PREFIXES:
        if key.startswith(prefix + " "):
            key = key[len(prefix) + 1 :]
            break
    return key


def slugify(text: str, *, max_length: int = 80) -> str:
    """A readable, IRI-safe slug; long names keep a short hash so slugs stay unique."""
    slug = fold(text).replace(" ", "-")
    if not slug:
        slug = "x" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    if len(slug) > max_length:
        digest = hashlib.sha1(slug.encode("ascii")).hexdigest()[:8]
        slug = slug[: max_length - 9].rstrip("-") + "-" + digest
    return slug


def mint_iri(kind: str, *, name: str | None = None, code: str | None = None) -> str:
    """Mint the IRI of an entity of `kind` from an official code or, failing that, its name.

    `kind` is a short path segment ("authority", "person", "group", ...). A code
    is namespaced by its scheme ("insee:77445", "iso:LB", "wd:Q90"), so a code
    and a name never collide.

    >>> mint_iri("authority", name="Ville de Dijon") == mint_iri("authority", name="dijon")
    True
    >>> mint_iri("country", code="iso:LB")
    'https://w3id.org/coopgraph/id/country/iso-lb'
    """
    if not re.fullmatch(r"[a-z][a-z0-9-]*", kind):
        raise ValueError(f"invalid entity kind {kind!r}")
    if code:
        return f"{ID}{kind}/{slugify(code)}"
    if name and name_key(name):
        return f"{ID}{kind}/{slugify(name_key(name))}"
    raise ValueError("mint_iri needs a non-empty name or code")
