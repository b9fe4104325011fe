"""Zones of one notice → one `Record`: the field rules called in order."""
from __future__ import annotations

from datetime import date

from yigcha.extractors.fields.attachments import extract_attachments
from yigcha.extractors.fields.contacts import extract_contacts
from yigcha.extractors.fields.deadlines import extract_deadlines
from yigcha.extractors.fields.header import (
    extract_doc_number,
    extract_doc_type,
    extract_extras,
    extract_issue_date,
    extract_issuers,
    extract_recipients,
    extract_title,
)
from yigcha.extractors.fields.urls import extract_urls
from yigcha.extractors.paragraphs import paragraphs_of
from yigcha.extractors.zones import NoticeZones
from yigcha.models.document import Field, Hints, Record


def build_record(zones: NoticeZones, hints: Hints) -> Record:
    """Every field of one notice, each with its confidence and evidence."""
    doc_number = extract_doc_number(zones)
    title = extract_title(zones)
    issue_date = extract_issue_date(zones, doc_number)
    body = paragraphs_of(zones.body + zones.attachments + zones.note, zones.pages, zones.body_size)
    contact_text = paragraphs_of(zones.body + zones.note, zones.pages, zones.body_size)
    found: list[Field | None] = [
        doc_number,
        extract_issuers(zones, doc_number, hints),
        title,
        extract_doc_type(title),
        extract_recipients(zones),
        issue_date,
        extract_deadlines(body, zones.pages, date.fromisoformat(issue_date.value) if issue_date else None),
        extract_contacts(contact_text, zones.pages, hints.contacts),
        extract_attachments(zones),
        extract_urls(body, zones.pages),
        *extract_extras(zones),
    ]
    return Record(fields={f.name: f for f in found if f is not None}, pages=zones.page_range)
