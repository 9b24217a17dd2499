"""placeholder"""
from flask import Blueprint
bp = Blueprint("ontology_page", __name__)
