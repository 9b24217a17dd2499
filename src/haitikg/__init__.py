"""haitikg: a knowledge graph of the Multinational Security Support mission in Haiti.

>>> import haitikg
>>> ds = haitikg.load()            # the built dataset (an rdflib Dataset), built on first use
>>> onto = haitikg.ontology()      # the ontology (an rdflib Graph)
>>> df = haitikg.sparql("SELECT ?e ?day WHERE { ?e hkg:date ?day }")  # a pandas DataFrame
>>> haitikg.disagreements()        # where the sources disagree, side by side
"""

from __future__ import annotations

from .api import disagreements, load, ontology
from .frames import sparql
from .version import __version__

__all__ = ["__version__", "disagreements", "load", "ontology", "sparql"]
