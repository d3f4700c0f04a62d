"""What a SPARQL request text is, found without executing it: form, update, dataset clause, SERVICE calls.

pyoxigraph parses and runs a query in one call and has no switch to turn federated
`SERVICE` calls off, so the endpoint must know what a text contains *before* it
reaches the store. A small lexer (comments, IRIs, strings, names, words) finds the
query form, tells an update from a query, and lists the SERVICE clauses with their
targets.

A hand-written lexer can disagree with the real parser on hostile input (e.g.
`FILTER(?x<'>' ) SERVICE <...>` reads as an IRI then a string to this lexer but as
a comparison then a SERVICE clause to oxigraph). `service_check_text` therefore
builds a *witness* text that the worker parses with pyoxigraph on an empty store:
the SERVICE clauses the lexer saw become `GRAPH` clauses, and every other
occurrence of the letters "service" is altered so that it cannot be a keyword. If
the witness parses, the lexer saw every SERVICE clause; if it does not, the query
is refused. The witness can never call a remote service: it no longer contains the
keyword at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from coopgraph.namespaces import PREFIXES

__all__ = [
    "QUERY_FORMS",
    "UPDATE_KEYWORDS",
    "ServiceCall",
    "TextAnalysis",
    "analyse",
    "forbidden_services",
    "mentions_service",
    "prologue",
    "service_check_text",
    "varies_between_runs",
]

QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})

# Token patterns, tried in this order at each position (as a SPARQL lexer would).
_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]*)
  | (?P<pname>(?:[^\W\d_][\w.\-\u00B7]*)?:(?:[\w:%\-\u00B7]|\\.|\.(?=[\w:%\-\u00B7\\]))*)
  | (?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
  | (?P<word>[^\W\d]\w*)
  | (?P<space>\s+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_SERVICE_LETTERS = re.compile(r"servic(e)", re.IGNORECASE | re.ASCII)
# The fast path (see `analyse`): a prologue of PREFIX/BASE declarations, comments and spaces, then a word.
_PROLOGUE_THEN_WORD = re.compile(
    r"""(?:\s++|\#[^\n\r]*+|(?i:PREFIX)\s++(?:[^\W\d_][\w.\-]*+)?:\s*+<[^<>"{}|^`\\\x00-\x20]*+>
       |(?i:BASE)\s*+<[^<>"{}|^`\\\x00-\x20]*+>)*+([^\W\d]\w*+)""",
    re.VERBOSE,
)
# Functions whose value changes from one run of a query to the next.
_VOLATILE_CALL = re.compile(r"\b(?:NOW|RAND|UUID|STRUUID|BNODE)\s*\(", re.IGNORECASE)
# Letters that make the fast path unsure: a dataset clause or a federated call may follow
# ("from" not inside a longer name such as prov:wasDerivedFrom; "servic" anywhere).
_NEEDS_LEXER = re.compile(r"(?<![a-z])from|servic", re.IGNORECASE | re.ASCII)
# A line that starts with "#" holds no keyword (it is a comment, or the inside of a long string).
_COMMENT_LINE = re.compile(r"^[ \t]*+#[^\n\r]*+", re.MULTILINE)


class Token(NamedTuple):  # a tuple: the lexer makes one per token, and a dataclass is 3x slower to build
    kind: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class ServiceCall:
    """One `SERVICE [SILENT] target` clause; `target` is None when it is a variable."""

    target: str | None
    start: int
    end: int  # end of the keyword(s), before the target


@dataclass(frozen=True)
class TextAnalysis:
    """What a request text is: its form, whether it is an update, its dataset clause and SERVICE calls."""

    form: str | None  # SELECT, ASK, CONSTRUCT, DESCRIBE, or None when not a query
    is_update: bool
    has_dataset_clause: bool
    services: tuple[ServiceCall, ...] = field(default_factory=tuple)


def tokens(text: str) -> list[Token]:
    """The significant tokens of `text` (no spaces, no comments)."""
    found = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind not in ("space", "comment"):
            found.append(Token(kind, match.group(), match.start(), match.end()))
    return found


def _declared_prefixes(toks: list[Token]) -> dict[str, str]:
    """PREFIX declarations of the text, over the project's predeclared prefixes."""
    prefixes = dict(PREFIXES)
    for i, tok in enumerate(toks[:-2]):
        declares = tok.kind == "word" and tok.text.upper() == "PREFIX"
        if declares and toks[i + 1].kind == "pname" and toks[i + 2].kind == "iri":
            prefixes[toks[i + 1].text[:-1]] = toks[i + 2].text[1:-1]
    return prefixes


def _target(tok: Token | None, prefixes: Mapping[str, str]) -> str | None:
    if tok is None:
        return None
    if tok.kind == "iri":
        return tok.text[1:-1]
    if tok.kind == "pname":
        prefix, _, local = tok.text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local
    return None  # a variable or something unexpected: treated as unknown, hence refused


def analyse(text: str) -> TextAnalysis:
    """The form, update-ness, dataset clause and SERVICE calls of `text`.

    Texts are often asked again (a shared link, a reloaded page, each worker after the
    web thread): short ones are remembered.
    """
    return _remembered_analysis(text) if len(text) <= _REMEMBERED_TEXT_CHARS else _analysis(text)


_REMEMBERED_TEXT_CHARS = 16_000


@lru_cache(maxsize=1024)  # at most ~16 MB of texts
def _remembered_analysis(text: str) -> TextAnalysis:
    return _analysis(text)


def _analysis(text: str) -> TextAnalysis:
    """Most texts contain neither a word "from" nor "servic" outside comment lines: then only the
    query form matters, and it is the first word after the prologue. Everything else is lexed.
    """
    if _NEEDS_LEXER.search(_COMMENT_LINE.sub("", text)) is None and (head := _PROLOGUE_THEN_WORD.match(text)):
        first = head.group(1).upper()
        return TextAnalysis(form=first if first in QUERY_FORMS else None, is_update=first in UPDATE_KEYWORDS,
                            has_dataset_clause=False)  # fmt: skip
    return _lexed_analysis(text)


def _lexed_analysis(text: str) -> TextAnalysis:
    toks = tokens(text)
    words = [t for t in toks if t.kind == "word"]
    first = next((w.text.upper() for w in words if w.text.upper() not in ("PREFIX", "BASE")), None)
    prefixes = _declared_prefixes(toks)
    services = []
    for i, tok in enumerate(toks):
        if tok.kind != "word" or tok.text.upper() != "SERVICE":
            continue
        j = i + 1
        if j < len(toks) and toks[j].kind == "word" and toks[j].text.upper() == "SILENT":
            j += 1
        target_token = toks[j] if j < len(toks) else None
        services.append(ServiceCall(_target(target_token, prefixes), tok.start, toks[j - 1].end))
    return TextAnalysis(
        form=first if first in QUERY_FORMS else None,
        is_update=first in UPDATE_KEYWORDS,
        has_dataset_clause=any(w.text.upper() == "FROM" for w in words),
        services=tuple(services),
    )


def varies_between_runs(text: str) -> bool:
    """Whether the answer may differ each time (NOW(), RAND(), UUID()...): such answers are never cached.

    Looked for in the whole text, comments and strings included: a false alarm only costs a cache miss.
    """
    return _VOLATILE_CALL.search(text) is not None


def forbidden_services(analysis: TextAnalysis, allowed_prefixes: Iterable[str]) -> list[str]:
    """The SERVICE targets not covered by an allowed prefix ('?variable' for a variable target)."""
    allowed = tuple(p for p in allowed_prefixes if p)
    refused = []
    for call in analysis.services:
        if call.target is None:
            refused.append("?variable")
        elif not call.target.startswith(allowed) or not allowed:
            refused.append(call.target)
    return refused


def mentions_service(text: str) -> bool:
    """Whether the letters "service" appear anywhere (the only case needing the parser check)."""
    return _SERVICE_LETTERS.search(text) is not None


def service_check_text(text: str, analysis: TextAnalysis) -> str:
    """The witness text: SERVICE clauses seen by the lexer turned into GRAPH, every other "service" defused.

    Same length as `text` so the parser's error positions still point at the user's text.
    """
    chars = list(text)
    for call in analysis.services:
        width = call.end - call.start
        chars[call.start : call.end] = list("GRAPH".ljust(width))
    witness = "".join(chars)
    # "servicE" -> "servicX": still a valid name, IRI or string, never the keyword.
    return _SERVICE_LETTERS.sub(lambda m: m.group()[:-1] + ("X" if m.group(1) == "E" else "x"), witness)


def prologue() -> str:
    """The project's PREFIX declarations on one line (a query's own declarations override them)."""
    return " ".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items()) + " "
