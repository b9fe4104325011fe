"""Regex rows for doc numbers, dates, phones and emails, and the spaCy component that applies them.

Each row is (name, pattern); within a label the first row to claim a stretch of text wins, and a
rule match always wins over an overlapping PERSON/ORG guess of the statistical NER.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

_D = "[0-9０-９]"
_OPEN = "〔（(\\[［【"
_CLOSE = "〕）)\\]］】"
_CN_NUM = "〇○零一二三四五六七八九十"

PatternRows = tuple[tuple[str, re.Pattern[str]], ...]

DOC_NUMBER_FORMS: PatternRows = (
    # 藏教发〔2024〕58号, 拉政办发 〔2024〕 35 号, 藏卫医发〔２０２４〕９３号, 藏质协字（2024）10号
    ("bracketed", re.compile(
        rf"[\u4e00-\u9fff]{{1,10}}\s*[{_OPEN}]\s*{_D}{{4}}\s*[{_CLOSE}]\s*{_D}{{1,4}}\s*号")),
    # 2024年第3号 (公告)
    ("year-ordinal", re.compile(rf"{_D}{{4}}\s*年\s*第\s*{_D}{{1,4}}\s*号")),
)

# Words that run into the issuer code from the sentence before it: 现将藏教发〔2024〕58号…
DOC_NUMBER_LEADS = re.compile(r"^(?:现将|现就|根据|按照|依据|依照|转发|印发|执行|落实|贯彻|关于|将|按|据|经|的|和|及|与)+")

DATE_FORMS: PatternRows = (
    ("ymd", re.compile(rf"{_D}{{4}}\s*年\s*{_D}{{1,2}}\s*月\s*{_D}{{1,2}}\s*日")),      # 2024年7月26日
    ("ymd-chinese", re.compile(rf"[{_CN_NUM}]{{4}}年[{_CN_NUM}]{{1,2}}月[{_CN_NUM}]{{1,3}}日")),  # 二〇二三年五月十日
    ("md", re.compile(rf"(?<![0-9０-９年])(?<!年\s){_D}{{1,2}}\s*月\s*{_D}{{1,2}}\s*日")),        # 9月13日
    ("relative", re.compile(rf"(?:本|次|下|当)月\s*{_D}{{1,2}}\s*日")),                  # 本月25日
)

PHONE_FORMS: PatternRows = (
    ("landline", re.compile(rf"(?<![0-9０-９])0{_D}{{2,3}}\s*[-－—–]\s*{_D}{{7,8}}(?![0-9０-９])")),  # 0891-6832145
    ("landline-bracketed", re.compile(rf"[（(]0{_D}{{2,3}}[）)]\s*{_D}{{7,8}}(?![0-9０-９])")),     # （010）68416388
    ("service", re.compile(rf"(?<![0-9０-９])[48]00\s*[-－]?\s*{_D}{{3}}\s*[-－]?\s*{_D}{{4}}(?![0-9０-９])")),
    ("mobile", re.compile(rf"(?<![0-9０-９])1[3-9]{_D}{{9}}(?![0-9０-９])")),               # 13618990512
    ("hotline", re.compile(r"(?<![0-9０-９\-])12[0-9]{3}(?![0-9０-９])")),                  # 12345
)

# 0891-6321875、6321876: a bare local number right after a phone is that phone's sibling.
PHONE_CONTINUATION = re.compile(rf"\s*[、，,；;/]\s*({_D}{{7,8}})(?![0-9０-９])")

EMAIL_FORMS: PatternRows = (
    ("email", re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")),
)

RULE_LABELS = ("DOC_NUMBER", "DATE", "PHONE", "EMAIL")


def _doc_number_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for _, pattern in DOC_NUMBER_FORMS:
        for match in pattern.finditer(text):
            lead = DOC_NUMBER_LEADS.match(match.group())
            start = match.start() + (lead.end() if lead and lead.end() < match.end() - 8 else 0)
            spans.append((start, match.end()))
    return spans


def _phone_spans(text: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for _, pattern in PHONE_FORMS for m in pattern.finditer(text)]
    for start, end in list(spans):
        while (more := PHONE_CONTINUATION.match(text, end)) is not None:
            end = more.end()
            spans.append((more.start(1), end))
    return spans


def find_rule_spans(text: str) -> list[tuple[int, int, str]]:
    """Return (start, end, label) for every rule match, longest first where matches overlap."""
    found = [(s, e, "DOC_NUMBER") for s, e in _doc_number_spans(text)]
    found += [(m.start(), m.end(), "DATE") for _, p in DATE_FORMS for m in p.finditer(text)]
    found += [(s, e, "PHONE") for s, e in _phone_spans(text)]
    found += [(m.start(), m.end(), "EMAIL") for _, p in EMAIL_FORMS for m in p.finditer(text)]
    found.sort(key=lambda span: (span[1] - span[0]), reverse=True)
    taken: list[tuple[int, int, str]] = []
    for start, end, label in found:
        if all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, label))
    return sorted(taken)


@Language.component("yigcha_patterns")
def add_rule_entities(doc: Doc) -> Doc:
    """Add DOC_NUMBER/DATE/PHONE/EMAIL spans to ``doc.ents``; they win over overlapping NER spans."""
    rule_spans = []
    for start, end, label in find_rule_spans(doc.text):
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None:
            rule_spans.append(span)
    if rule_spans:
        kept = [ent for ent in doc.ents if all(ent.end <= s.start or ent.start >= s.end for s in rule_spans)]
        doc.ents = filter_spans([*rule_spans, *kept])
    return doc
