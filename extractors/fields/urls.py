"""URLs printed in the body (web portals, submission platforms)."""
from __future__ import annotations

import re
from typing import Sequence

from yigcha.extractors.fields import make_field
from yigcha.extractors.normalize import repair_ocr_url
from yigcha.extractors.text import TracedText
from yigcha.models.document import Field, Page

_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]+(?:\([A-Za-z0-9\-._~/]*\))?")


def clean_url(raw: str) -> str:
    """Drop punctuation the sentence put after the URL."""
    return raw.rstrip(".,;:!?'\"")


def extract_urls(paragraphs: Sequence[TracedText], pages: dict[int, Page]) -> Field | None:
    urls: list[str] = []
    lines = []
    for paragraph in paragraphs:
        for m in _URL.finditer(paragraph.text):
            url = clean_url(m.group())
            found_in = paragraph.lines_for(m.start(), m.end())
            if any(l.source == "ocr" for l in found_in):
                url = repair_ocr_url(url)
            if "@" in url or url in urls:
                continue
            urls.append(url)
            lines += found_in
    return make_field("urls", urls, lines, pages, 0.9) if urls else None
