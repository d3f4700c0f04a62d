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


@dataclass(frozen=True)
class Token:
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
    """Lex `text` and report its form, update-ness, dataset clause and SERVICE calls."""
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
