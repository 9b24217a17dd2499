"""haitikg: a knowledge graph of the Multinational Security Support mission in Haiti.

>>> import haitikg
>>> ds = haitikg.load()            # the built dataset (an rdflib Dataset), built on first use
>>> onto = haitikg.ontology()      # the ontology (an rdflib Graph)
"""

from __future__ import annotations

__version__ = "0.1.0"

from .api import load, ontology

__all__ = ["__version__", "load", "ontology"]
