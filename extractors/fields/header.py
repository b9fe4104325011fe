"""Fields of the 版头, title, 主送 and sign-off: doc number, issuers, title, doc type, recipients, date."""
from __future__ import annotations

import re
from collections import Counter
from typing import Sequence

from yigcha.extractors.fields import make_field
from yigcha.extractors.normalize import (
    cn_numeral_to_int,
    date_from_parts,
    is_org_name,
    normalize_doc_number,
    parse_cn_date,
    squeeze,
    to_halfwidth,
)
from yigcha.extractors.zones import (
    PARTIAL_YEAR_DATE,
    NoticeZones,
    clean_date_text,
    doc_type_of,
)
from yigcha.models.document import Field, Hints, Line

_LETTERHEAD_SUFFIX = re.compile(r"(文件|函件|公报)$")
# Words that finish the name on the line before rather than name a body of their own.
_NAME_TAILS = frozenset({"办公室", "办公厅", "党组", "秘书处"})
_SIGNER = re.compile(r"签发人[：:]\s*(?P<name>.+)$")
_RECIPIENT_SPLIT = re.compile(r"[，,；;]")


def extract_doc_number(zones: NoticeZones) -> Field | None:
    for line in zones.doc_number:
        value = normalize_doc_number(squeeze(line.text))
        if value:
            return make_field("doc_number", value, [line], zones.pages, 0.97)
    return None


def _letterhead_units(text: str) -> list[str]:
    """One letterhead line → the pieces that may each be a name.

    A run of letter-spaced characters (西 藏 自 治 区 委 员 会) is one piece; words apart on one line
    (西藏自治区人力资源和社会保障厅  西藏自治区财政厅) are separate pieces.
    """
    units: list[str] = []
    spaced = False  # whether units[-1] is a run of single characters
    for word in text.split():
        if len(word) == 1 and spaced:
            units[-1] += word
        else:
            units.append(word)
            spaced = len(word) == 1
    return units


def issuers_from_letterhead(texts: Sequence[str]) -> list[str]:
    """Chinese letterhead lines → issuer names: joint letterheads give one name a line (or a word);
    a name that wraps (西藏自治区 / 质量协会文件) is joined; the closing 文件 is dropped."""
    names: list[str] = []
    pending = ""
    for text in texts:
        for unit in _letterhead_units(text):
            unit = _LETTERHEAD_SUFFIX.sub("", unit)
            if not unit:
                continue
            if names and not pending and unit in _NAME_TAILS:
                names[-1] += unit  # 西藏自治区人民政府 / 办公室: one body
                continue
            pending += unit
            if is_org_name(pending):
                names.append(pending)
                pending = ""
    if pending:
        names.append(pending)
    return names


def extract_issuers(zones: NoticeZones, doc_number: Field | None, hints: Hints) -> Field | None:
    chinese = [l for l in zones.letterhead if l.script == "zh"]
    if chinese:
        letterhead_text = squeeze("".join(l.text for l in chinese))
        if letterhead_text in hints.issuer_by_letterhead:
            return make_field("issuers", [hints.issuer_by_letterhead[letterhead_text]], chinese, zones.pages, 0.97)
        names = issuers_from_letterhead([l.text for l in chinese])
        if names:
            sure = 0.95 if all(is_org_name(n) for n in names) else 0.7
            return make_field("issuers", names, chinese, zones.pages, sure)
    if doc_number is not None:
        prefix = re.split(r"〔|\d{4}年", doc_number.value)[0]
        if prefix in hints.issuer_by_doc_prefix:
            return Field("issuers", [hints.issuer_by_doc_prefix[prefix]], 0.9, doc_number.evidence)
    signature = [l for l in zones.signature if is_org_name(squeeze(l.text))]
    if signature:
        return make_field("issuers", [squeeze(l.text) for l in signature], signature, zones.pages, 0.8)
    title = squeeze("".join(l.text for l in zones.title))
    if "关于" in title and is_org_name(title.split("关于")[0]):
        return make_field("issuers", [title.split("关于")[0]], zones.title, zones.pages, 0.7)
    return None


def extract_title(zones: NoticeZones) -> Field | None:
    if not zones.title:
        return None
    # OCR reads the dash of a span (2024—2025年度) as the character 一.
    title = re.sub(r"(?<=\d)一(?=\d)", "—", squeeze("".join(l.text for l in zones.title)))
    sure = 0.95 if doc_type_of(title) else 0.6
    return make_field("title", title, zones.title, zones.pages, sure)


def extract_doc_type(title: Field | None) -> Field | None:
    if title is None:
        return None
    doc_type = doc_type_of(title.value)
    if doc_type is None:
        return None
    return Field("doc_type", doc_type, title.confidence, title.evidence)


def extract_recipients(zones: NoticeZones) -> Field | None:
    if not zones.recipients:
        return None
    text = squeeze("".join(l.text for l in zones.recipients)).rstrip("：:")
    parts = [p for p in _RECIPIENT_SPLIT.split(text) if p]
    return make_field("recipients", parts, zones.recipients, zones.pages, 0.9) if parts else None


def _digits(numeral: str) -> str:
    return "".join(str(cn_numeral_to_int(ch)) if not ch.isdigit() else ch for ch in numeral)


def _is_subsequence(part: str, whole: str) -> bool:
    rest = iter(whole)
    return all(ch in rest for ch in part)


def extract_issue_date(zones: NoticeZones, doc_number: Field | None) -> Field | None:
    if not zones.date:
        return None
    text = clean_date_text("".join(l.text for l in zones.date))
    found = parse_cn_date(text)
    if found is not None:
        return make_field("issue_date", found.isoformat(), zones.date, zones.pages, 0.95)
    # The seal covered part of the year (…025年8月8日, 二三年五月十日): complete it with the doc
    # number's year, else the year the body mentions most, if the digits read fit it.
    partial = PARTIAL_YEAR_DATE.fullmatch(text)
    if partial is None:
        return None
    body_years = Counter(re.findall(r"(?:19|20)\d{2}(?=年)", "".join(l.text for l in zones.body)))
    candidates = re.findall(r"(?:19|20)\d{2}", doc_number.value)[:1] if doc_number else []
    candidates += [year for year, _ in body_years.most_common()]
    for year in candidates:
        if _is_subsequence(_digits(partial["y"]), year):
            found = date_from_parts(year, partial["m"], partial["d"])
            if found is not None:
                return make_field("issue_date", found.isoformat(), zones.date, zones.pages, 0.6)
    return None


def extract_signer(zones: NoticeZones) -> Field | None:
    for line in zones.signer + zones.doc_number:
        m = _SIGNER.search(to_halfwidth(line.text))
        if m:
            return make_field("signer", squeeze(m["name"]), [line], zones.pages, 0.9)
    return None


def _plain(name: str, lines: list[Line], zones: NoticeZones, strip: str = "") -> Field | None:
    if not lines:
        return None
    text = squeeze("".join(l.text for l in lines))
    if strip:
        text = re.sub(strip, "", text)
    return make_field(name, text, lines, zones.pages, 0.9)


def extract_extras(zones: NoticeZones) -> list[Field]:
    """Fields beyond the contract that secretariats use: 份号, 密级, 紧急程度, 抄送, 印发, other scripts."""
    found = [
        _plain("copy_no", zones.copy_no, zones),
        _plain("secrecy", zones.secrecy, zones),
        _plain("urgency", zones.urgency, zones),
        _plain("cc", zones.cc, zones, strip=r"^抄送[：:]"),
        _plain("printed_by", zones.printed_by, zones),
        _plain("signature", zones.signature, zones),
        extract_signer(zones),
    ]
    other = [l for l in zones.letterhead if l.script != "zh"]
    if other:
        found.append(
            make_field("issuer_other_script", [l.text for l in other], other, zones.pages, 0.8)
        )
    return [f for f in found if f is not None]
