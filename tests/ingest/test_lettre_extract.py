"""Extractors on small synthetic newsletters (sentences written for these tests)."""

from __future__ import annotations

import datetime as dt

from coopgraph.ingest.lettre.context import Doc
from coopgraph.ingest.lettre.countries import country_from_adjective, resolve_country
from coopgraph.ingest.lettre.events import extract_events
from coopgraph.ingest.lettre.funds import extract_funds
from coopgraph.ingest.lettre.lexicon import classify_role
from coopgraph.ingest.lettre.persons import extract_people
from coopgraph.ingest.lettre.relations import extract_beneficiaries, extract_organizations, extract_partnerships
from coopgraph.ingest.lettre.text import text_from_string


def _doc(text: str, ref: dt.date = dt.date(2025, 5, 15)) -> Doc:
    return Doc(text_from_string(text), ref)


def test_countries_from_french_names_short_forms_and_adjectives() -> None:
    assert resolve_country("Pérou").alpha3 == "PER"
    assert resolve_country("République de Corée").alpha3 == "KOR"
    assert resolve_country("Corée du Sud").alpha3 == "KOR"
    assert resolve_country("États-Unis").alpha3 == "USA"
    assert resolve_country("Palestine").alpha2 == "PS"
    assert resolve_country("Quimper") is None
    assert country_from_adjective("franco-chiliennes").alpha3 == "CHL"
    assert country_from_adjective("malgache").alpha3 == "MDG"


def test_role_vocabulary() -> None:
    assert classify_role("première adjointe au maire chargée de l'Europe") == "deputy-mayor"
    assert classify_role("conseiller municipal délégué aux jumelages") == "councillor-delegate"
    assert classify_role("vice-présidente du conseil régional") == "vice-president"
    assert classify_role("Directrice générale") == "director"
    assert classify_role("maire de Brest") == "mayor"


PRESIDENCIES = """\
Réunion du groupe-pays Pérou, le 12 mai 2025
Présidente du groupe-pays : Anne Lemaire, adjointe au maire chargée des relations
internationales, Quimper

Les 3e Assises de la coopération franco-chilienne se préparent
Président du groupe-pays : Marc-Antoine Vidal, conseiller municipal délégué aux jumelages,
Brest
Le groupe-pays a rendu compte de ses travaux.

ACTUALITES CRISES ET REHABILITATION
Présidente du groupe thématique : Lucie Ferrand, vice-présidente du conseil départemental de la Manche

Hélène Costa, présidente de Cités Unies France, maire de Metz, ouvre la séance.
La Dynamique Afrique de l'Ouest de CUF, présidée par Omar Sall, adjoint au maire de Lille, s'est réunie.
"""


def test_presidency_lines_name_their_group_from_the_line_or_the_heading() -> None:
    roles, groups = extract_people(_doc(PRESIDENCIES))
    presidents = {(r.body, r.person): r for r in roles if r.role == "president"}
    lemaire = presidents[("groupe-pays Pérou", "Anne Lemaire")]
    assert lemaire.role_text == "adjointe au maire chargée des relations internationales"
    assert lemaire.collectivite == "Quimper"
    assert (lemaire.evidence.line_start, lemaire.evidence.line_end) == (2, 3)
    vidal = presidents[("groupe-pays Chili", "Marc-Antoine Vidal")]  # named by "franco-chilienne" above
    assert vidal.collectivite == "Brest"
    ferrand = presidents[("groupe thématique Crises et réhabilitation", "Lucie Ferrand")]  # from the section heading
    assert ferrand.collectivite == "Département de la Manche"
    costa = presidents[("Cités Unies France", "Hélène Costa")]
    assert costa.role_text == "maire de Metz" and costa.collectivite == "Metz"
    assert ("Dynamique Afrique de l'Ouest", "Omar Sall") in presidents
    countries = {g.name: g.country for g in groups if g.country}
    assert countries == {"groupe-pays Pérou": "PER", "groupe-pays Chili": "CHL"}


def test_appositions_give_roles_with_their_collectivite() -> None:
    text = (
        "À l'ouverture, Jean Dupuis, Maire de Rouen, Clara Weber, Directrice générale de l'Agence "
        "française de développement, et Yann Le Goff, adjoint au maire de Lorient, ont pris la parole.\n"
        "Une délégation de Vannes, menée par Paul Riou et Inès Marchal, respectivement maire et adjointe au maire, est venue.\n"
        "Coordination : Sophie Blanc et Hugo Petit\n"
    )
    roles, _ = extract_people(_doc(text))
    found = {(r.person, r.role_text, r.collectivite) for r in roles}
    assert ("Jean Dupuis", "Maire de Rouen", "Rouen") in found
    assert (
        "Clara Weber",
        "Directrice générale de l'Agence française de développement",
        "Agence française de développement",
    ) in found
    assert ("Yann Le Goff", "adjoint au maire de Lorient", "Lorient") in found
    assert ("Paul Riou", "maire", "Vannes") in found and ("Inès Marchal", "adjointe au maire", "Vannes") in found
    assert ("Sophie Blanc", "Coordination", "Cités Unies France") in found


def test_funds_donor_counts_and_donor_lists() -> None:
    text = (
        "## Fonds de solidarité pour le Pérou, avril 2025\n\n"
        "Merci aux 4 collectivités donatrices : Quimper, Département du Finistère,\n\n"
        "Brest et Communauté urbaine de Lille. Pour en savoir plus.\n\n"
        "Le fonds Haïti poursuit ses activités.\n"
    )
    funds, donations = extract_funds(_doc(text))
    by_name = {f.name: f for f in funds}
    assert by_name["Fonds de solidarité Pérou"].country == "PER"
    assert by_name["Fonds de solidarité Pérou"].donor_count == 4
    assert by_name["Fonds de solidarité Haïti"].country == "HTI"
    assert [d.donor for d in donations] == [
        "Quimper",
        "Département du Finistère",
        "Brest",
        "Communauté urbaine de Lille",
    ]
    assert {d.fund for d in donations} == {"Fonds de solidarité Pérou"}


AGENDA = """\
Réunion du groupe-pays Chili, le 14 mai, en visioconférence

Le Forum des villes durables aura lieu du 2 au 4 juin 2025, à Lyon.
Le groupe-pays Pérou s'est réuni le 6 mai, à Quimper.

AGENDA

MAI

Mercredi 21 :
 • Atelier de la Dynamique Afrique, en visioconférence

Du lundi 26 au mardi 27 :
 • Mission au Pérou, à Lima

Jeudi 5 :
 • Conseil d'administration de CUF
"""


def test_events_from_titles_sentences_and_agenda() -> None:
    events = {e.name: e for e in extract_events(_doc(AGENDA))}
    chili = events["Réunion du groupe-pays Chili"]
    assert chili.start.iso() == "2025-05-14" and chili.online and chili.kind == "group-meeting"
    forum = events["Forum des villes durables"]
    assert (forum.start.iso(), forum.end.iso(), forum.place, forum.kind) == (
        "2025-06-02",
        "2025-06-04",
        "Lyon",
        "forum",
    )
    assert events["Réunion du groupe-pays Pérou"].place == "Quimper"
    assert events["Atelier de la Dynamique Afrique"].start.iso() == "2025-05-21"
    mission = events["Mission au Pérou"]
    assert (mission.start.iso(), mission.end.iso(), mission.place) == ("2025-05-26", "2025-05-27", "Lima")
    # Thursday the 5th after May 27: June 2025
    assert events["Conseil d'administration de CUF"].start.iso() == "2025-06-05"


def test_editions_of_the_rencontres_are_normalised() -> None:
    text = "La 18e édition des « Rencontres de l'action internationale des collectivités territoriales (AICT) », organisée le 2 juillet 2027, à Paris, a réuni 400 participants.\n"
    [event] = [e for e in extract_events(_doc(text, dt.date(2027, 7, 10))) if e.series]
    assert (event.name, event.edition, event.start.iso(), event.kind) == (
        "18e Rencontres de l'AICT",
        18,
        "2027-07-02",
        "rencontres",
    )
    assert event.organizers == ("Cités Unies France",)


def test_partnerships_programmes_and_institutions() -> None:
    text = (
        "Un protocole d'entente signé entre les villes de Vannes et de Cusco, le 4 mars 2025.\n\n"
        "La ville de Lorient, jumelée avec Valparaiso, accueille une délégation.\n\n"
        "DCOL : le 9ème appel se termine. Les prestations ont apporté un appui aux villes de Rouen et Metz.\n\n"
        "Avec l'Agence française de développement (AFD) et la CNCD.\n"
    )
    doc = _doc(text)
    pairs = {(p.a, p.b, p.kind, p.date.iso() if p.date else None) for p in extract_partnerships(doc)}
    assert ("Vannes", "Cusco", "protocole-entente", "2025-03-04") in pairs
    assert ("Lorient", "Valparaiso", "jumelage", None) in pairs
    assert {(b.beneficiary, b.programme) for b in extract_beneficiaries(doc)} == {
        ("Rouen", "DCOL 9"),
        ("Metz", "DCOL 9"),
    }
    orgs = {o.acronym for o in extract_organizations(doc)}
    assert {"AFD", "CNCD"} <= orgs
