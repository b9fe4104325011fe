"""Reviewer corrections: checking a changed SPEC field's plain value, and marking it reviewer-sourced.

The same rules run in the browser (api/web/static/review.js mirrors them) so a reviewer sees the message
before saving; the server checks again because a token holder can PATCH without the page.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from yigcha.models.document import RECORD_FIELDS
from yigcha.models.errors import YigchaError

# 文种 a title may end with (shared/eval/SPEC.md, doc_type).
DOC_TYPES = ("通知", "函", "公告", "通报", "请示", "报告", "决定", "意见", "批复", "纪要", "通告", "命令", "议案",
             "决议", "公报")

# Normalized 发文字号 forms (SPEC: year in 〔〕, ASCII digits, no leading zeros, ends with 号); first match wins.
DOC_NUMBER_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("tortoise", re.compile(r"^[^\s〔〕\[\]（）()]+〔\d{4}〕[1-9]\d*号$")),  # 藏质协字〔2024〕10号
    ("year-issue", re.compile(r"^\d{4}年第[1-9]\d*号$")),  # 2024年第3号 (公告 numbering, n012)
)
# Printed variants a reviewer may type, turned into the normalized form before checking.
_BRACKETS = str.maketrans({"[": "〔", "［": "〔", "【": "〔", "(": "〔", "（": "〔", "〖": "〔",
                           "]": "〕", "］": "〕", "】": "〕", ")": "〕", "）": "〕", "〗": "〕"})
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

PHONE_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("landline", re.compile(r"^0\d{2,3}-\d{7,8}$")),  # 0891-6815193, 010-68416388
    ("mobile", re.compile(r"^1[3-9]\d{9}$")),  # 13618990512
    ("service", re.compile(r"^[48]00-?\d{3}-?\d{4}$")),  # 400-810-8888
    ("short", re.compile(r"^1\d{4,5}$")),  # 12345, 12315 hotlines
)
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
POSTAL_CODE = re.compile(r"^\d{6}$")


class InvalidCorrectionError(YigchaError):
    """A correction that does not fit the record contract; `problems` maps a field path to its message."""

    code = "invalid_correction"
    http_status = 422

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{path}: {message}" for path, message in problems.items()))


def normalize_doc_number(value: str) -> str:
    """藏教发[２０２４]０５８号 → 藏教发〔2024〕58号 (brackets, full-width digits, spaces, leading zeros)."""
    text = re.sub(r"[\s\u3000]+", "", value).translate(_FULLWIDTH_DIGITS).translate(_BRACKETS)
    return re.sub(r"〕0+(\d)", r"〕\1", re.sub(r"第0+(\d)", r"第\1", text))


def normalize_phone(value: str) -> str:
    """０８９１－６８１５１９３ → 0891-6815193 (full-width digits and dashes, spaces)."""
    text = value.translate(_FULLWIDTH_DIGITS).replace("－", "-").replace("—", "-").replace("–", "-")
    return re.sub(r"\s+", "", text)


def _text(value: Any, path: str, problems: dict[str, str], *, required: bool = False) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems[path] = "required"
        return None
    if not isinstance(value, str):
        problems[path] = "must be text"
        return None
    return value.strip()


def _iso_date(value: Any, path: str, problems: dict[str, str], *, required: bool = False) -> str | None:
    text = _text(value, path, problems, required=required)
    if text is None:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    problems[path] = f"{text!r} is not an ISO date (YYYY-MM-DD)"
    return None


def _text_list(value: Any, path: str, problems: dict[str, str], check=None) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        problems[path] = "must be a list"
        return []
    out = []
    for i, item in enumerate(value):
        text = _text(item, f"{path}[{i}]", problems)
        if text is None:
            continue
        if check is not None:
            text = check(text, f"{path}[{i}]", problems)
        if text is not None:
            out.append(text)
    return out


def _check_doc_number(value: Any, path: str, problems: dict[str, str]) -> str | None:
    text = _text(value, path, problems)
    if text is None:
        return None
    normalized = normalize_doc_number(text)
    if not any(pattern.match(normalized) for _name, pattern in DOC_NUMBER_FORMS):
        problems[path] = f"{text!r} is not a doc number like 藏质协字〔2024〕10号 or 2024年第3号"
        return None
    return normalized


def _check_phone(text: str, path: str, problems: dict[str, str]) -> str | None:
    phone = normalize_phone(text)
    if not any(pattern.match(phone) for _name, pattern in PHONE_FORMS):
        problems[path] = f"{text!r} is not a phone number like 0891-6815193 or 13618990512"
        return None
    return phone


def _check_pattern(pattern: re.Pattern[str], example: str):
    def check(text: str, path: str, problems: dict[str, str]) -> str | None:
        if not pattern.match(text):
            problems[path] = f"{text!r} is not valid (for example {example})"
            return None
        return text

    return check


def _objects(value: Any, path: str, problems: dict[str, str]) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        problems[path] = "must be a list of objects"
        return []
    return value


def _deadlines(value: Any, path: str, problems: dict[str, str]) -> list[dict[str, Any]]:
    return [{"date": _iso_date(d.get("date"), f"{path}[{i}].date", problems, required=True),
             "task": _text(d.get("task"), f"{path}[{i}].task", problems) or ""}
            for i, d in enumerate(_objects(value, path, problems))]


def _contacts(value: Any, path: str, problems: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for i, c in enumerate(_objects(value, path, problems)):
        p = f"{path}[{i}]"
        postal = _text(c.get("postal_code"), f"{p}.postal_code", problems)
        if postal is not None:
            postal = _check_pattern(POSTAL_CODE, "850008")(postal, f"{p}.postal_code", problems)
        out.append({
            "department": _text(c.get("department"), f"{p}.department", problems),
            "names": _text_list(c.get("names"), f"{p}.names", problems),
            "phones": _text_list(c.get("phones"), f"{p}.phones", problems, _check_phone),
            "emails": _text_list(c.get("emails"), f"{p}.emails", problems, _check_pattern(EMAIL, "office@xzqa.org.cn")),
            "address": _text(c.get("address"), f"{p}.address", problems),
            "postal_code": postal,
        })
    return out


def _attachments(value: Any, path: str, problems: dict[str, str]) -> list[dict[str, Any]]:
    return [{"title": _text(a.get("title"), f"{path}[{i}].title", problems, required=True) or "",
             "doc_number": _check_doc_number(a.get("doc_number"), f"{path}[{i}].doc_number", problems)}
            for i, a in enumerate(_objects(value, path, problems))]


def _doc_type(value: Any, path: str, problems: dict[str, str]) -> str | None:
    text = _text(value, path, problems)
    if text is not None and text not in DOC_TYPES:
        problems[path] = f"{text!r} is not a 文种 ({'/'.join(DOC_TYPES)})"
        return None
    return text


# One checker per SPEC field: (value, path, problems) → the normalized plain value.
FIELD_CHECKS = {
    "doc_number": _check_doc_number,
    "issuers": _text_list,
    "title": _text,
    "doc_type": _doc_type,
    "recipients": _text_list,
    "issue_date": _iso_date,
    "deadlines": _deadlines,
    "contacts": _contacts,
    "attachments": _attachments,
    "urls": lambda v, path, problems: _text_list(v, path, problems, _check_pattern(URL, "http://www.xzqa.org.cn/")),
}
assert set(FIELD_CHECKS) == set(RECORD_FIELDS)


def check_changes(changes: Any) -> dict[str, Any]:
    """The normalized changes, or InvalidCorrectionError listing every problem (unknown fields too)."""
    if not isinstance(changes, dict) or not changes:
        raise InvalidCorrectionError({"body": "send an object of the changed SPEC fields, e.g. {\"doc_number\": …}"})
    problems: dict[str, str] = {}
    out: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in FIELD_CHECKS:
            problems[name] = f"not a record field (one of {', '.join(RECORD_FIELDS)})"
            continue
        out[name] = FIELD_CHECKS[name](value, name, problems)
    if problems:
        raise InvalidCorrectionError(problems)
    return out


def apply_changes(values: dict[str, Any], changes: dict[str, Any], *, by: str, at: datetime) -> dict[str, Any]:
    """New record values: changed fields replaced, their `meta` marked `source: reviewer` with `by` and `at`.

    Fields whose value does not change keep their machine meta. Evidence is kept: it still shows where on
    the page the reviewer looked.
    """
    new = {**values, "meta": dict(values.get("meta") or {})}
    for name, value in changes.items():
        if values.get(name) == value:
            continue
        new[name] = value
        old_meta = new["meta"].get(name) or {}
        new["meta"][name] = {"confidence": 1.0, "evidence": old_meta.get("evidence", []), "source": "reviewer",
                             "by": by, "at": at.isoformat()}
    return new
