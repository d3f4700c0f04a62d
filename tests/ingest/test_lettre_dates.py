"""French dates: partial and relative dates, agenda lines, the document's own date."""

from __future__ import annotations

import datetime as dt

import pytest

from coopgraph.ingest.lettre.dates import PartialDate, detect_document_date, find_dates, resolve_weekday_day

REF = dt.date(2026, 4, 15)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("le lundi 20 avril", "2026-04-20", None),
        ("du 18 au 21 novembre", "2025-11-18", "2025-11-21"),
        ("les 8 et 9 juillet 2026", "2026-07-08", "2026-07-09"),
        ("du 26 mai au 11 juin", "2026-05-26", "2026-06-11"),
        ("du 30 mars au 1er mai 2026", "2026-03-30", "2026-05-01"),
        ("le mercredi 8 et le jeudi 9 juillet 2026", "2026-07-08", "2026-07-09"),
        ("en juin 2026", "2026-06", None),
        ("février 2026 – février 2027", "2026-02", "2027-02"),
        ("le 1er juin 2022", "2022-06-01", None),
        ("8-9 juillet", "2026-07-08", "2026-07-09"),
        ("17/05/2022", "2022-05-17", None),
    ],
)
def test_find_dates(text: str, start: str, end: str | None) -> None:
    [match] = find_dates(text, REF)
    assert match.start.iso() == start
    assert (match.end.iso() if match.end else None) == end


def test_weekday_decides_the_year() -> None:
    # 20 June was a Monday in 2022, not in 2021 or 2023
    [match] = find_dates("le lundi 20 juin", dt.date(2022, 1, 10))
    assert match.start == PartialDate(2022, 6, 20)


def test_numbers_and_times_are_not_dates() -> None:
    assert find_dates("entre 2 et 3 collectivités, de 14h30 à 16h00, 13e édition", REF) == []


def test_agenda_day_without_month_uses_the_weekday() -> None:
    # Wednesday the 6th, near mid-October 2024: November 2024
    assert resolve_weekday_day(6, 2, dt.date(2024, 10, 15)) == dt.date(2024, 11, 6)
    assert resolve_weekday_day(10, 1, dt.date(2024, 12, 1), after=dt.date(2024, 12, 9)) == dt.date(2024, 12, 10)
    assert resolve_weekday_day(8, None, REF, month_hint=4) == dt.date(2026, 4, 8)


def test_document_date_from_a_dateline() -> None:
    lines = ["COMMUNIQUÉ DE PRESSE", "Brest, le 3 octobre 2025", "Texte"]
    assert detect_document_date(lines) == (PartialDate(2025, 10, 3), "dateline")


def test_document_date_from_an_issue_heading() -> None:
    lines = ["La Lettre de Cités Unies France", "Janvier & Février 2027"]
    assert detect_document_date(lines) == (PartialDate(2027, 2), "issue heading")


def test_document_date_from_the_agenda_then_from_frequent_months() -> None:
    assert detect_document_date(["Texte"], [dt.date(2025, 3, 4), dt.date(2025, 5, 2)]) == (
        PartialDate(2025, 5),
        "agenda",
    )
    assert detect_document_date(["en mars 2025", "le 3 mars 2025", "en mai 2024"]) == (
        PartialDate(2025, 3),
        "most frequent month",
    )
    assert detect_document_date(["pas de date"]) == (None, "none")
