"""Cutting an N-Triples file into parts for parallel bulk loads."""

from __future__ import annotations

import tracemalloc
from itertools import pairwise
from pathlib import Path

import pytest

from coopgraph.ingest.parts import BlankNodeMarks, PartReader, ReadProgress, line_parts, mentions_blank_nodes


def _lines(count: int) -> str:
    return "".join(f'<urn:s{i}> <urn:p> "value number {i}" .\n' for i in range(count))


@pytest.mark.parametrize("count", [1, 2, 3, 7])
def test_parts_cover_the_file_and_start_at_line_starts(tmp_path: Path, count: int) -> None:
    path = tmp_path / "data.nt"
    path.write_text(_lines(100), encoding="utf-8")
    data = path.read_bytes()
    parts = line_parts(path, count)
    assert len(parts) == count
    assert parts[0].start == 0 and parts[-1].end == len(data)
    assert all(a.end == b.start for a, b in pairwise(parts))
    for part in parts:
        assert part.start == 0 or data[part.start - 1 : part.start] == b"\n"
        assert part.first_line() == data[: part.start].count(b"\n") + 1
    with_readers = b"".join(PartReader(part).read() for part in parts)
    assert with_readers == data


def test_a_file_of_few_lines_gives_fewer_parts(tmp_path: Path) -> None:
    path = tmp_path / "two.nt"
    path.write_text(_lines(2), encoding="utf-8")
    assert len(line_parts(path, 8)) <= 2
    empty = tmp_path / "empty.nt"
    empty.write_bytes(b"")
    assert [(p.start, p.end) for p in line_parts(empty, 2)] == [(0, 0)]


def test_readers_read_in_chunks_and_report_progress(tmp_path: Path) -> None:
    path = tmp_path / "data.nt"
    path.write_text(_lines(50), encoding="utf-8")
    seen: list[tuple[int, int]] = []
    progress = ReadProgress(path.stat().st_size, lambda done, total: seen.append((done, total)))
    chunks = []
    for part in line_parts(path, 2):
        with PartReader(part, progress) as reader:
            buffer = bytearray(64)
            while count := reader.readinto(buffer):
                chunks.append(bytes(buffer[:count]))
    assert b"".join(chunks) == path.read_bytes()
    assert seen[-1] == (path.stat().st_size, path.stat().st_size)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_blank_node_labels_are_noticed(tmp_path: Path) -> None:
    plain, blank = tmp_path / "plain.nt", tmp_path / "blank.nt"
    plain.write_text(_lines(10), encoding="utf-8")
    blank.write_text(_lines(10) + '_:b1 <urn:p> "x" .\n', encoding="utf-8")
    assert not mentions_blank_nodes(plain) and mentions_blank_nodes(blank)


@pytest.mark.parametrize("underscores", [0, 1, 63, 64, 65, 5000])
def test_blank_node_labels_are_noticed_among_any_number_of_underscores(tmp_path: Path, underscores: int) -> None:
    # Chunks without an underscore are skipped at memory speed; the others are searched for `_:`.
    lines = "".join(f'<urn:a_{i}> <urn:p> "x_y" .\n' for i in range(underscores))
    plain, blank, trailing = tmp_path / "plain.nt", tmp_path / "blank.nt", tmp_path / "trailing.nt"
    plain.write_text(lines + '<urn:b> <urn:p> "a:b" .\n', encoding="utf-8")
    blank.write_text(lines + '_:b1 <urn:p> "x" .\n', encoding="utf-8")
    trailing.write_text(lines + '<urn:b> <urn:p> "x" . # _', encoding="utf-8")  # a `_` as the very last byte
    assert mentions_blank_nodes(blank)
    assert not mentions_blank_nodes(plain) and not mentions_blank_nodes(trailing)


def test_a_huge_line_is_not_read_whole_to_find_a_cut(tmp_path: Path) -> None:
    path = tmp_path / "long.nt"
    long_literal = "x" * 4_000_000
    path.write_text(f'<urn:a> <urn:p> "{long_literal}" .\n<urn:b> <urn:p> "short" .\n', encoding="utf-8")
    tracemalloc.start()
    try:
        parts = line_parts(path, 2)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000  # the 4 MB line was scanned in chunks
    assert [p.first_line() for p in parts] == [1, 2]
    assert b"".join(PartReader(p).read() for p in parts) == path.read_bytes()


@pytest.mark.parametrize(
    ("chunks", "found"),
    [((b"<a> <b> _", b":c ."), True), ((b"<a_b> <c:d>", b" ."), False), ((b"<a> <b> _", b"", b":c"), True)],
)
def test_a_blank_node_label_cut_between_two_chunks_is_noticed(chunks: tuple[bytes, ...], found: bool) -> None:
    marks = BlankNodeMarks()
    for chunk in chunks:
        marks.feed(chunk)
    assert marks.found is found
