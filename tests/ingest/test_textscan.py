"""Vouching from a file's bytes that a property's values are short literals, or IRIs."""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from coopgraph.errors import CoopgraphError
from coopgraph.ingest.textscan import FactsReading, IriValues, LiteralLengths, read_facts

QUOTE = "https://w3id.org/coopgraph/def#quote"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
LIMITS = {QUOTE: 20, LABEL: 5}
MEMBER = "http://www.w3.org/ns/org#member"
ROLE = "http://www.w3.org/ns/org#role"


def _within(text: str, chunk_size: int | None = None) -> frozenset[str]:
    data = text.encode("utf-8")
    lengths = LiteralLengths(LIMITS)
    step = chunk_size or max(1, len(data))
    for start in range(0, len(data), step):
        lengths.feed(data[start : start + step])
    return lengths.within_limits()


def _iri_valued(text: str, chunk_size: int | None = None) -> frozenset[str]:
    data = text.encode("utf-8")
    iris = IriValues([MEMBER, ROLE])
    step = chunk_size or max(1, len(data))
    for start in range(0, len(data), step):
        iris.feed(data[start : start + step])
    return iris.iri_valued()


def _line(predicate: str, value: str, subject: str = "<urn:s>") -> str:
    return f"{subject} <{predicate}> {value} .\n"


@pytest.mark.parametrize("chunk_size", [None, 1, 7, 64])
def test_short_literals_are_vouched_for_whatever_the_chunks(chunk_size: int | None) -> None:
    text = (
        _line(QUOTE, '"' + "é" * 20 + '"@fr')  # 40 bytes, 20 characters
        + _line(QUOTE, '"' + '\\"' * 20 + '"')  # 40 bytes, 20 escaped quotes
        + _line(QUOTE, '"a\\\\b"^^<http://www.w3.org/2001/XMLSchema#string>')
        + f'<urn:s>\t<{QUOTE}>\t\t"tabs" <urn:graph> .\n'  # tabs, and an N-Quads graph name
        + _line(LABEL, '"abcde"')
        + _line("urn:other", '"' + "x" * 100 + '"')
    )
    assert _within(text, chunk_size) == {QUOTE, LABEL}
    assert _within(text.rstrip("\n"), chunk_size) == {QUOTE, LABEL}  # no newline at the end


@pytest.mark.parametrize("chunk_size", [None, 1, 7])
def test_a_value_too_long_or_not_a_literal_gives_up_its_property_only(chunk_size: int | None) -> None:
    fine = _line(LABEL, '"abc"')
    assert _within(fine + _line(QUOTE, '"' + "é" * 21 + '"'), chunk_size) == {LABEL}
    assert _within(fine + _line(QUOTE, "<urn:an-iri>"), chunk_size) == {LABEL}
    assert _within(fine + _line(QUOTE, "_:b0"), chunk_size) == {LABEL}
    assert _within(_line(LABEL, '"abcdef"') + _line(QUOTE, '"q"'), chunk_size) == {QUOTE}


def test_code_point_escapes_give_up_on_every_property() -> None:
    # The predicate itself could be written with one: its plain bytes would not be found.
    assert _within(_line(QUOTE, '"q"') + _line(LABEL, '"\\u00e9t\\u00e9"')) == frozenset()
    escaped_iri = _line(QUOTE, '"q"').replace("quote", "\\u0071uote")
    assert _within(escaped_iri) == frozenset()
    # An escaped backslash followed by a u is no escape of a code point.
    assert _within(_line(QUOTE, '"C:\\\\users"')) == {QUOTE, LABEL}  # no label at all: none too long


def test_a_mention_inside_a_literal_or_comment_only_makes_it_more_cautious() -> None:
    inside = _line(LABEL, f'"<{QUOTE}> x"'.replace("x", "y" * 30))
    assert QUOTE not in _within(inside)
    # A comment after a short literal, holding quotes: the literal is measured to the last one.
    assert QUOTE not in _within(f'<urn:s> <{QUOTE}> "short" . # "{"z" * 40}"\n')


@pytest.mark.parametrize("chunk_size", [None, 1, 9])
def test_iri_values_are_vouched_for_and_anything_else_gives_up_its_property(chunk_size: int | None) -> None:
    fine = _line(MEMBER, "<urn:m>") + _line(ROLE, "<urn:r>", subject=f"<{MEMBER}>") + f"# <{ROLE}> <urn:x>\n"
    assert _iri_valued(fine, chunk_size) == {MEMBER, ROLE}
    assert _iri_valued(fine.rstrip("\n"), chunk_size) == {MEMBER, ROLE}
    assert _iri_valued(fine + _line(ROLE, '"a literal"'), chunk_size) == {MEMBER}
    assert _iri_valued(fine + _line(ROLE, "_:b0"), chunk_size) == {MEMBER}
    assert _iri_valued(fine + _line(ROLE, "<<( <urn:a> <urn:b> <urn:c> )>>"), chunk_size) == {MEMBER}
    assert _iri_valued(fine + f"<urn:s> <{ROLE}>\t<urn:r> .\n", chunk_size) == {MEMBER}  # not counted: cautious
    assert _iri_valued(fine + _line(LABEL, f'"<{ROLE}> is a property"'), chunk_size) == {MEMBER}
    assert _iri_valued(fine + _line(LABEL, '"\\u00e9"'), chunk_size) == frozenset()


def _random_file(
    rng: random.Random, most_lines: int, predicates: list[str], value: Callable[[], str], separators: list[str]
) -> str:
    """A few statements of random predicates and values, their terms parted by one of `separators`."""
    return "".join(
        f"<urn:s{index}>{space}<{rng.choice(predicates)}>{space}{value()} .\n"
        for index in range(rng.randint(1, most_lines))
        for space in [rng.choice(separators)]
    )


def test_it_never_vouches_for_a_value_that_is_not_an_iri() -> None:
    rng = random.Random(20261124)
    vouched_some = False
    values = ["<urn:o>", '"text"', "_:b1", '"<urn:o>"', f'"<{ROLE}> <urn:o>"', "<<( <urn:a> <urn:b> <urn:c> )>>"]
    for _ in range(300):
        text = _random_file(
            rng,
            6,
            [MEMBER, ROLE, LABEL],
            lambda: rng.choice(values) if rng.random() < 0.3 else "<urn:o>",
            [" ", " ", "\t"],
        )
        vouched = _iri_valued(text, rng.choice([None, 1, 5, 33]))
        vouched_some |= bool(vouched)
        for triple in ox.parse(text, ox.RdfFormat.N_TRIPLES):
            if triple.predicate.value in vouched:
                assert isinstance(triple.object, ox.NamedNode), text
    assert vouched_some


def _random_literal(rng: random.Random) -> str:
    pieces = ["a", "é", "字", "😀", '\\"', "\\\\", "\\n", "\\t", " "]
    body = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
    return f'"{body}"' + rng.choice(["", "@fr", "^^<http://www.w3.org/2001/XMLSchema#string>"])


def test_it_never_vouches_for_a_value_that_breaks_the_limit() -> None:
    # Random files: whenever a property is vouched for, every value the parser reads is short enough.
    rng = random.Random(20261123)
    vouched_some = False
    for _ in range(300):
        text = _random_file(
            rng,
            8,
            [QUOTE, LABEL, "urn:other"],
            lambda: _random_literal(rng) if rng.random() < 0.95 else "<urn:o>",
            [" ", "\t", "  "],
        )
        within = _within(text, rng.choice([None, 1, 5, 33]))
        vouched_some |= bool(within)
        for triple in ox.parse(text, ox.RdfFormat.N_TRIPLES):
            if triple.predicate.value in within:
                assert isinstance(triple.object, ox.Literal), text
                assert len(triple.object.value) <= LIMITS[triple.predicate.value], text
    assert vouched_some


def test_the_read_in_a_child_process_tells_what_the_read_in_this_one_does(tmp_path: Path) -> None:
    path = tmp_path / "data.nt"
    path.write_text(
        _line(QUOTE, '"court"')
        + _line(LABEL, '"beaucoup trop long"')
        + "_:b <urn:p> <urn:o> .\n"
        + _line(MEMBER, "<urn:m>")
        + _line(ROLE, '"chair"')
    )
    facts = FactsReading(path, LIMITS, [MEMBER, ROLE]).result()
    assert facts == read_facts(path, LIMITS, [MEMBER, ROLE])
    assert facts.checksum == hashlib.sha256(path.read_bytes()).hexdigest()
    assert facts.blank_nodes and facts.short_values == {QUOTE} and facts.iri_values == {MEMBER}
    with pytest.raises(CoopgraphError, match=r"missing\.nt: reading the file failed"):
        FactsReading(tmp_path / "missing.nt", LIMITS).result()


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no process priorities here (os.nice)")
def test_the_read_beside_a_load_runs_at_the_lowest_priority(tmp_path: Path) -> None:
    """It must take only the CPU time the bulk load leaves idle, not the parser's."""
    path = tmp_path / "data.nt"
    path.write_text(_line(QUOTE, '"court"'))
    asked = json.dumps({"limits": LIMITS, "iri_properties": [MEMBER]})
    probe = "import os, sys\nfrom coopgraph.ingest.textscan import _main\n_main(sys.argv[1:])\nprint(os.nice(0))\n"
    run = subprocess.run([sys.executable, "-c", probe, str(path), asked], capture_output=True, text=True, check=True)
    facts, priority = run.stdout.splitlines()
    assert json.loads(facts)["short_values"] == sorted(LIMITS)  # no label at all: none too long
    assert int(priority) == 19
