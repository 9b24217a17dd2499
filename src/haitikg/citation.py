"""How to cite haitikg, read from ``CITATION.cff``: the one source for the pages' footer,
the dataset description (``dcterms:bibliographicCitation``) and the README."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import yaml

from .paths import DATA

#: Licence names for the SPDX identifiers ``CITATION.cff`` uses.
LICENSES = {"CC-BY-4.0": "CC BY 4.0", "MIT": "MIT"}


@dataclass(frozen=True)
class Citation:
    title: str
    authors: tuple[str, ...]
    version: str
    url: str
    licenses: tuple[str, ...]
    keywords: tuple[str, ...] = ()

    def __str__(self) -> str:
        """One line, in the shape data repositories use: who, what, version, where, licence."""
        who = ", ".join(self.authors)
        licence = " (data " + LICENSES.get(self.licenses[0], self.licenses[0]) + ")"
        return f"{who}. {self.title}. Version {self.version}. {self.url}{licence}"


@cache
def citation() -> Citation:
    """The citation of this haitikg, from the ``CITATION.cff`` it was installed with."""
    cff = yaml.safe_load((DATA / "CITATION.cff").read_text(encoding="utf-8"))
    authors = tuple(
        a.get("name") or " ".join(p for p in (a.get("given-names"), a.get("family-names")) if p)
        for a in cff["authors"]
    )
    licenses = cff.get("license", [])
    return Citation(
        title=cff["title"],
        authors=authors,
        version=str(cff["version"]),
        url=cff["url"],
        licenses=tuple([licenses] if isinstance(licenses, str) else licenses),
        keywords=tuple(cff.get("keywords", [])),
    )
