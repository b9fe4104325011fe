"""spaCy pipeline of the field stage: PERSON/ORG from a small packaged NER, DOC_NUMBER/DATE/PHONE/EMAIL by rules."""

from yigcha.extractors.nlp.names import is_org_name, is_person_name, split_org_and_names, split_person_names
from yigcha.extractors.nlp.pipeline import Entity, find_entities, load_nlp

__all__ = [
    "Entity",
    "find_entities",
    "is_org_name",
    "is_person_name",
    "load_nlp",
    "split_org_and_names",
    "split_person_names",
]
