"""How to cite the data: CITATION.cff, the ontology's version IRI and the dataset's VoID and
DCAT description name the same version, creator and licence."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pyoxigraph as ox
import yaml

from haitikg.citation import citation
from haitikg.namespaces import ONTOLOGY_IRI

ROOT = Path(__file__).resolve().parents[1]
DATASET = "https://w3id.org/haitikg/resource/dataset"


def test_one_version_everywhere(select):
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert cff["version"] == project["version"] == citation().version
    ontology = select(
        f"SELECT ?iri ?info WHERE {{ <{ONTOLOGY_IRI}> owl:versionIRI ?iri ; "
        "owl:versionInfo ?info }"
    )
    assert ontology == [{"iri": f"{ONTOLOGY_IRI}/{cff['version']}", "info": cff["version"]}]
    assert cff["cff-version"] == "1.2.0" and cff["authors"] and cff["title"]


def test_the_dataset_is_described_in_void_and_dcat(build_dir):
    void = ox.Store()
    void.load(path=str(build_dir / "void.ttl"), format=ox.RdfFormat.TURTLE)
    cite = citation()
    [row] = list(void.query(f"""
        PREFIX dcat: <http://www.w3.org/ns/dcat#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX void: <http://rdfs.org/ns/void#>
        PREFIX foaf: <http://xmlns.com/foaf/0.1/>
        SELECT ?creator ?license ?version ?issued ?modified ?cite WHERE {{
          <{DATASET}> a void:Dataset, dcat:Dataset ; dcterms:creator/foaf:name ?creator ;
            dcterms:license ?license ; dcat:version ?version ; dcterms:issued ?issued ;
            dcterms:modified ?modified ; dcterms:bibliographicCitation ?cite .
        }}"""))  # fmt: skip
    assert row["creator"].value in cite.authors
    assert row["license"].value == "https://creativecommons.org/licenses/by/4.0/"
    assert row["version"].value == cite.version
    assert row["cite"].value == str(cite) and f"Version {cite.version}" in str(cite)
    for key in ("issued", "modified"):
        assert row[key].datatype.value.endswith("#date")
    assert row["issued"].value <= row["modified"].value
    dumps = list(void.query(f"""
        PREFIX dcat: <http://www.w3.org/ns/dcat#>
        SELECT ?url ?type WHERE {{ <{DATASET}> dcat:distribution ?d .
          ?d a dcat:Distribution ; dcat:downloadURL ?url ; dcat:mediaType ?type }}"""))  # fmt: skip
    names = {r["url"].value.rsplit("/", 1)[-1] for r in dumps}
    assert {"haitikg.trig", "haitikg.nq", "haitikg.ttl"} <= names
    assert all(
        r["type"].value.startswith("https://www.iana.org/assignments/media-types/") for r in dumps
    )


def test_issued_and_modified_come_from_the_data_not_the_clock(select):
    added = [r["d"] for r in select("SELECT ?d WHERE { ?doc hkg:addedToCorpus ?d }")]
    [ontology] = select(
        f"SELECT ?c ?m WHERE {{ <{ONTOLOGY_IRI}> dcterms:created ?c ; dcterms:modified ?m }}"
    )
    [dataset] = select(
        f"SELECT ?i ?m WHERE {{ <{DATASET}> dcterms:issued ?i ; dcterms:modified ?m }}"
    )
    assert dataset["i"] == min([*added, ontology["c"]])
    assert dataset["m"] == max([*added, ontology["m"]])
