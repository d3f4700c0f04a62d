"""Where the files shipped with coopgraph live: the ontology, named queries, web assets, data.

In a wheel they are inside the package (`coopgraph/ontology`, ...); in a source
checkout (editable install, tests) they are the top-level folders of the repository.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["data_dir", "ontology_dir", "queries_dir", "resource_dir"]

_PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT_DIR = _PACKAGE_DIR.parents[1]


@cache
def resource_dir(name: str) -> Path:
    """The directory of shipped resource `name`, inside the package or the checkout."""
    for candidate in (_PACKAGE_DIR / name, _CHECKOUT_DIR / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"coopgraph resource folder {name!r} is missing from the installation")


def package_file(name: str) -> Path:
    """A file or folder that always ships inside the package itself (templates, web assets)."""
    return _PACKAGE_DIR / name


def ontology_dir() -> Path:
    return resource_dir("ontology")


def queries_dir() -> Path:
    return resource_dir("queries")


def data_dir() -> Path:
    return resource_dir("data")
