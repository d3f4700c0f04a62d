"""Reading newsletters: decoding, mojibake, hyphenation, links, Markdown, PDF, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopgraph.ingest.lettre.errors import BinaryInputError, EmptyInputError, LettreError
from coopgraph.ingest.lettre.text import load_text, text_from_string


def _texts(source) -> list[str]:
    return [line.text for line in source.lines if line.text]


def test_hyphenated_word_is_joined_and_keeps_its_line_range() -> None:
    source = text_from_string("Paul Durand, ad-\njoint au maire de Quimper\nSuite")
    assert source.lines[0].text == "Paul Durand, adjoint au maire de Quimper"
    assert (source.lines[0].first, source.lines[0].last) == (1, 2)
    assert source.lines[1].text == "Suite" and source.lines[1].first == 3


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("la ville de Saint-Paul-lès-\nDax accueille", "Saint-Paul-lès-Dax"),
        ("à Villeneuve-sur-\nLot", "Villeneuve-sur-Lot"),
        ("la ville d'Aix-\nen-Provence", "Aix-en-Provence"),
        ("le groupe-\npays Chili", "groupe-pays Chili"),
        ("la coopération franco-\nchilienne", "franco-chilienne"),
        ("une vice-prési-\ndente", "vice-présidente"),
    ],
)
def test_real_hyphens_survive_line_breaks(raw: str, expected: str) -> None:
    assert expected in text_from_string(raw).text


def test_split_urls_and_their_debris_are_removed() -> None:
    raw = "Je lis la suite : https://example.org/Un-article-tres-long-\nsur-plusieurs-\nlignes\nTexte suivant"
    assert _texts(text_from_string(raw)) == ["Je lis la suite :", "Texte suivant"]


def test_markdown_and_html_markup_is_stripped() -> None:
    raw = "## **La 9<sup>e</sup> édition** [des Assises](#) <https://example.org>\n- o Réunion, le 3 mai"
    assert _texts(text_from_string(raw)) == ["La 9e édition des Assises", "• Réunion, le 3 mai"]


def test_letter_spaced_headings_are_collapsed() -> None:
    assert _texts(text_from_string("L u n d i  3  m a i  2 0 2 1  -  P a r i s")) == ["Lundi 3 mai 2021 - Paris"]


def test_cp1252_file_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "lettre.txt"
    path.write_bytes("Réunion du groupe-pays Pérou à Besançon".encode("cp1252"))
    source = load_text(path)
    assert "Pérou à Besançon" in source.text
    assert any("cp1252" in w for w in source.warnings)


def test_mojibake_is_repaired_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "lettre.txt"
    path.write_text("RÃ©union du groupe-pays PÃ©rou, prÃ©sidÃ©e par Anne Lemaire", encoding="utf-8")
    source = load_text(path)
    assert "Réunion du groupe-pays Pérou, présidée" in source.text
    assert any("mojibake" in w for w in source.warnings)


def test_empty_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "vide.txt"
    path.write_text("  \n\n ", encoding="utf-8")
    with pytest.raises(EmptyInputError) as info:
        load_text(path)
    assert info.value.path == path and "empty" in str(info.value)
    assert isinstance(info.value, ValueError) and isinstance(info.value, LettreError)


def test_binary_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(BinaryInputError) as info:
        load_text(path)
    assert "image.txt" in str(info.value)


def test_fake_pdf_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "lettre.pdf"
    path.write_text("not a pdf", encoding="utf-8")
    with pytest.raises(BinaryInputError):
        load_text(path)


def test_pdf_text_is_read(tmp_path: Path) -> None:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for line in [
        "La Lettre de Cités Unies France",
        "Réunion du groupe-pays Chili, le 12 mai 2025",
        "Présidente du groupe-pays : Anne Lemaire, maire de Brest",
    ]:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "lettre.pdf"
    pdf.output(str(path))
    source = load_text(path)
    assert source.fmt == "pdf"
    assert "Réunion du groupe-pays Chili, le 12 mai 2025" in source.text
    assert len(source.checksum) == 64
