from __future__ import annotations

import pytest

from coopgraph.identity import fold, mint_iri, name_key, slugify


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Fanny Sallé", "Fanny Salle"),
        ("Région Centre Val de Loire", "Région Centre-Val de Loire"),
        ("Dijon Métropole", "Dijon métropole"),
        ("Ville de Dijon", "Dijon"),
        ("Conseil départemental de la Loire-Atlantique", "Loire-Atlantique"),
        ("Saint-Étienne", "saint etienne"),
        ("Moncond’huy", "Moncond'huy"),
    ],
)
def test_variants_share_a_key_and_an_iri(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)
    assert mint_iri("authority", name=a) == mint_iri("authority", name=b)


def test_different_actors_and_kinds_get_different_iris() -> None:
    assert mint_iri("authority", name="Paris") != mint_iri("authority", name="Lyon")
    assert mint_iri("authority", name="Paris") != mint_iri("person", name="Paris")
    assert mint_iri("country", code="iso:LB").endswith("/country/iso-lb")


def test_fold_and_slug_are_iri_safe() -> None:
    assert fold("  Œuvre «Test» — Été ") == "oeuvre test ete"
    slug = slugify("x" * 300)
    assert len(slug) <= 80 and slug.replace("-", "").isalnum()
    assert slugify("<script>alert(1)</script>") == "script-alert-1-script"
    assert slugify("!!!").startswith("x")  # nothing foldable still yields a stable slug


def test_mint_iri_refuses_empty_names_and_bad_kinds() -> None:
    with pytest.raises(ValueError):
        mint_iri("person", name="  ")
    with pytest.raises(ValueError):
        mint_iri("Bad Kind", name="x")
