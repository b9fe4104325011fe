"""The packaged spaCy pipeline: offline loading and entity lookup with character offsets."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language

from yigcha.extractors.nlp import patterns  # noqa: F401  (registers the "yigcha_patterns" factory)

MODEL_DIR = Path(__file__).parent / "model"

LABELS = ("PERSON", "ORG", "DOC_NUMBER", "DATE", "PHONE", "EMAIL")


@dataclass(frozen=True, slots=True)
class Entity:
    """One entity found in a text; ``start``/``end`` are character offsets into that text."""

    label: str
    start: int
    end: int
    text: str


@cache
def load_nlp() -> Language:
    """Load the packaged pipeline (``model/``) once per process; needs no network."""
    return spacy.load(MODEL_DIR)


def find_entities(text: str) -> list[Entity]:
    """Return PERSON, ORG, DOC_NUMBER, DATE, PHONE and EMAIL entities in order of appearance."""
    doc = load_nlp()(text)
    return [Entity(ent.label_, ent.start_char, ent.end_char, ent.text) for ent in doc.ents]
