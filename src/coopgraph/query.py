"""Queries: the named-query library of `queries/*.rq`, safe parameter binding, result output.

A named query file starts with comment lines:

    # title: Presidencies of groups
    # description: Who presides which group, as attested by which source.
    # param: country (iri) — restrict to groups about this country [optional]

Parameters are never pasted into the query text as strings: each value is
turned into an RDF term of the declared type (an invalid value is refused), and
bound with a `VALUES` block inserted at the start of the outermost WHERE group.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from coopgraph.errors import QueryError
from coopgraph.namespaces import PREFIXES, XSD
from coopgraph.resources import queries_dir
from coopgraph.store.base import GraphStore, QueryResult, Term

__all__ = [
    "RESULT_FORMATS",
    "NamedQuery",
    "Parameter",
    "bind_parameters",
    "get_named_query",
    "list_named_queries",
    "load_query_file",
    "prefixed_query",
    "run_query",
    "write_results",
]

_HEADER_LINE = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s*\((?P<type>iri|string|integer|decimal|date|year)\)\s*(?:[—–-]+\s*(?P<doc>.*?))?"
    r"\s*(?P<optional>\[optional\])?\s*$"
)
SOLUTION_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld", "rdfxml")
RESULT_FORMATS = SOLUTION_FORMATS + GRAPH_FORMATS


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    description: str = ""
    optional: bool = False


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    text: str
    parameters: tuple[Parameter, ...] = field(default_factory=tuple)
    path: Path | None = None

    def summary(self) -> dict[str, object]:
        """Name, title, description, parameters and text, as JSON-ready values (API, query page)."""
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "parameters": [
                {"name": p.name, "type": p.type, "description": p.description, "optional": p.optional}
                for p in self.parameters
            ],
            "sparql": self.text,
        }


def load_query_file(path: Path) -> NamedQuery:
    """Read a `.rq` file and its header."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise QueryError(f"{path}: cannot read the query: {error}") from None
    title, description, parameters = path.stem, "", []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = _HEADER_LINE.match(line)
        if not match:
            continue
        key, value = match.groups()
        if key == "title":
            title = value.strip()
        elif key == "description":
            description = (description + " " + value.strip()).strip()
        else:
            param = _PARAM.match(value.strip())
            if not param:
                raise QueryError(f"{path}: malformed parameter line {value!r} (expected 'name (type) — description')")
            parameters.append(
                Parameter(param["name"], param["type"], (param["doc"] or "").strip(), bool(param["optional"]))
            )
    return NamedQuery(path.stem, title, description, text, tuple(parameters), path)


def list_named_queries(directory: Path | None = None) -> list[NamedQuery]:
    """The named queries shipped with coopgraph, sorted by name."""
    folder = directory or queries_dir()
    return [load_query_file(p) for p in sorted(folder.glob("*.rq"))]


def get_named_query(name: str, directory: Path | None = None) -> NamedQuery:
    path = (directory or queries_dir()) / f"{name}.rq"
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name) or not path.is_file():
        known = ", ".join(q.name for q in list_named_queries(directory))
        raise QueryError(f"no named query {name!r} (known: {known})")
    return load_query_file(path)


def _term_for(param: Parameter, raw: str) -> Term:
    """The RDF term for a parameter value, checked against the declared type."""
    try:
        match param.type:
            case "iri":
                return ox.NamedNode(_expand_curie(raw))
            case "integer":
                return ox.Literal(str(int(raw)), datatype=XSD.integer)
            case "decimal":
                return ox.Literal(str(float(raw)), datatype=XSD.decimal)
            case "date":
                return ox.Literal(dt.date.fromisoformat(raw).isoformat(), datatype=XSD.date)
            case "year":
                if not re.fullmatch(r"\d{4}", raw):
                    raise ValueError("expected a four-digit year")
                return ox.Literal(raw, datatype=XSD.gYear)
            case _:
                return ox.Literal(raw)
    except ValueError as error:
        raise QueryError(f"parameter {param.name!r}: {raw!r} is not a valid {param.type} ({error})") from None


def _expand_curie(value: str) -> str:
    prefix, _, local = value.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return value


_WHERE_OPEN = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def _strip_comments(text: str) -> str:
    # Comments in our .rq files are whole lines; a '#' inside an IRI or string stays.
    return "\n".join("" if line.lstrip().startswith("#") else line for line in text.splitlines())


def bind_parameters(query: NamedQuery, values: Mapping[str, str]) -> str:
    """The query text with a typed VALUES block binding the parameters."""
    declared = {p.name: p for p in query.parameters}
    unknown = set(values) - set(declared)
    if unknown:
        raise QueryError(f"unknown parameter(s) {', '.join(sorted(unknown))} for query {query.name!r}")
    bindings: list[str] = []
    for param in query.parameters:
        if param.name in values:
            bindings.append(f"VALUES ?{param.name} {{ {_term_for(param, values[param.name])} }}")
        elif not param.optional:
            raise QueryError(f"query {query.name!r} needs --param {param.name}=... ({param.description})")
    text = _strip_comments(query.text)
    if not bindings:
        return text
    match = _WHERE_OPEN.search(text)
    if match is None:
        raise QueryError(f"query {query.name!r} has parameters but no WHERE clause to bind them in")
    return text[: match.end()] + " " + " ".join(bindings) + " " + text[match.end() :]


def prefixed_query(sparql: str) -> str:
    """`sparql` with the project's prefixes declared for any it does not declare itself."""
    declared = {m.lower() for m in re.findall(r"PREFIX\s+([\w-]*):", sparql, re.IGNORECASE)}
    lines = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items() if p.lower() not in declared]
    return "\n".join(lines) + "\n" + sparql


_ERROR_POSITION = re.compile(r"\b(at|line) (\d+):(\d+)")
_UPDATE_KEYWORDS = re.compile(
    r"^\s*(?:(?:PREFIX|BASE)\b[^\n]*\n\s*)*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE
)


def run_query(store: GraphStore, sparql: str) -> QueryResult:
    """Run SPARQL over the union of graphs; syntax errors become QueryError with the user's positions."""
    full = prefixed_query(sparql)
    added_lines = full.count("\n") - sparql.count("\n")
    try:
        return store.query(full)
    except SyntaxError as error:
        if _UPDATE_KEYWORDS.match(_strip_comments(sparql)):
            raise QueryError("this is a SPARQL update: queries only read (change data with load/unload)") from None
        message = _ERROR_POSITION.sub(
            lambda m: f"{m[1]} {int(m[2]) - added_lines}:{m[3]}" if int(m[2]) > added_lines else m[0], str(error)
        )
        raise QueryError(f"SPARQL syntax error: {message}") from None
    except (OSError, RuntimeError, ValueError) as error:
        raise QueryError(f"the query failed: {error}") from None


# ---------------------------------------------------------------- output


def plain_value(term: Term | ox.Triple | None) -> str:
    """A term as a spreadsheet cell: the IRI, or the literal's text; '' when unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


_GRAPH_SERIALIZATIONS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def write_results(result: QueryResult, output: IO[str], fmt: str) -> int:
    """Write query results in `fmt`; returns the number of rows or triples written."""
    if isinstance(result, ox.QueryBoolean):
        return _write_boolean(bool(result), output, fmt)
    if isinstance(result, ox.QueryTriples):
        if fmt not in GRAPH_FORMATS:
            raise QueryError(f"a CONSTRUCT/DESCRIBE result is written as {', '.join(GRAPH_FORMATS)}, not {fmt}")
        triples = list(result)
        data = ox.serialize(triples, format=_GRAPH_SERIALIZATIONS[fmt], prefixes=dict(PREFIXES)) or b""
        output.write(data.decode("utf-8"))
        return len(triples)
    if fmt not in SOLUTION_FORMATS:
        raise QueryError(f"a SELECT result is written as {', '.join(SOLUTION_FORMATS)}, not {fmt}")
    variables = [v.value for v in result.variables]
    rows = [[solution[v] for v in variables] for solution in result]
    if fmt in ("csv", "tsv"):
        writer = csv.writer(output, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(variables)
        writer.writerows([[plain_value(t) for t in row] for row in rows])
    elif fmt == "json":
        json.dump(_results_json(variables, rows), output, ensure_ascii=False, indent=1)
        output.write("\n")
    elif fmt == "xml":
        buffer = io.BytesIO()
        _write_xml(variables, rows, buffer)
        output.write(buffer.getvalue().decode("utf-8"))
    else:
        _write_table(variables, rows, output)
    return len(rows)


def _term_json(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD.string.value:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def _results_json(variables: list[str], rows: list[list[Term | None]]) -> dict[str, object]:
    bindings = [{v: _term_json(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows]
    return {"head": {"vars": variables}, "results": {"bindings": bindings}}


def _write_xml(variables: list[str], rows: list[list[Term | None]], buffer: io.BytesIO) -> None:
    from xml.sax.saxutils import escape, quoteattr

    parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    parts += [f"<variable name={quoteattr(v)}/>" for v in variables]
    parts.append("</head>\n<results>")
    for row in rows:
        parts.append("<result>")
        for variable, term in zip(variables, row, strict=True):
            if term is None:
                continue
            if isinstance(term, ox.NamedNode):
                inner = f"<uri>{escape(term.value)}</uri>"
            elif isinstance(term, ox.BlankNode):
                inner = f"<bnode>{escape(term.value)}</bnode>"
            elif isinstance(term, ox.Literal) and term.language:
                inner = f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
            elif isinstance(term, ox.Literal):
                inner = f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
            else:
                inner = f"<literal>{escape(str(term))}</literal>"
            parts.append(f"<binding name={quoteattr(variable)}>{inner}</binding>")
        parts.append("</result>")
    parts.append("</results>\n</sparql>\n")
    buffer.write("\n".join(parts).encode("utf-8"))


def _write_boolean(value: bool, output: IO[str], fmt: str) -> int:
    if fmt == "json":
        output.write(json.dumps({"head": {}, "boolean": value}) + "\n")
    else:
        output.write(("true" if value else "false") + "\n")
    return 1


def _write_table(variables: list[str], rows: list[list[Term | None]], output: IO[str]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(*variables, show_lines=False)
    for row in rows:
        table.add_row(*(plain_value(t) for t in row))
    Console(file=output, soft_wrap=True, width=200 if not output.isatty() else None).print(table)
