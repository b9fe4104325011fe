"""Contacts: departments, people, phones, emails, addresses and postal codes.

Contact text is read as labelled segments (联系人：…，电话：…；传真：…). The label decides what a
number is: a fax, QQ group, bank account, credit code or project number is never a phone, while
12345 and 400-… service numbers are. Landlines without an area code inherit the one before them.
Table rows (单位 | 联系人 | 电话 | 邮箱) give one contact each.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from yigcha.extractors.fields import make_field
from yigcha.extractors.nlp import split_org_and_names
from yigcha.extractors.normalize import (
    area_code_of,
    is_org_name,
    normalize_phone,
    repair_ocr_email,
)
from yigcha.extractors.text import TracedText
from yigcha.models.document import Field, Line, Page

# Labels, longest first within a kind; the kind says what the segment after the label holds.
LABELS: tuple[tuple[str, str], ...] = (
    ("department", r"联系部门|联系单位|联系处室"),
    ("person", r"联系人及(?:联系)?(?:电话|方式)|联系人"),
    ("fax", r"传真(?:号码)?"),
    ("email", r"电子邮箱|电子信箱|电子邮件|邮箱|信箱|E-?mail|email"),
    ("address", r"通讯地址|通信地址|联系地址|办公地址|地址"),
    ("postal", r"邮政编码|邮编"),
    ("other", r"QQ群|QQ|微信群?|账号|帐号|开户行|开户银行|户名|统一社会信用代码|信用代码|项目编号|编号|身份证号码?"),
    ("phone", r"(?:联系|咨询|办公|值班|服务|举报|监督|投诉|报名|便民|政务服务便民|业务)?(?:电话|热线)(?:号码)?"
              r"|联系方式|座机|固话|手机(?:号码)?|Tel|TEL|电\s*话|(?:业务|报名|政策|技术)?咨询"),
)


def _spaced(pattern: str) -> str:
    """Let a label match when typesetting spread it out (邮 箱, 电 话)."""
    return re.sub(r"([\u4e00-\u9fff])(?=[\u4e00-\u9fff])", r"\1\\s?", pattern)


# A label counts only with its colon: 联系人 inside a sentence (…及联系人信息函复我厅) is not one.
_LABEL = re.compile("(?:" + "|".join(f"(?P<{kind}>{_spaced(pattern)})" for kind, pattern in LABELS) + r")\s*[:：]")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_PHONE_TOKEN = re.compile(
    r"(?<![\dA-Za-z])(?:"
    r"[(（]?0\d{2,3}[)）]?\s?[-－—–]?\s?[1-9]\d{6,7}"  # landline with area code
    r"|1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}"  # mobile, also grouped 137 0975 4128
    r"|[48]00[-\s]?\d{3}[-\s]?\d{4}"  # 400/800 service numbers
    r"|[1-9]\d{6,7}"  # landline without area code
    r"|1\d{4}"  # 12345-style government hotlines
    r")(?![\dA-Za-z])"
)
_SERVICE_LABEL = re.compile(r"咨询|热线|举报|监督|投诉|服务|便民|值班")
_POSTAL = re.compile(r"(?<!\d)\d{6}(?!\d)")
_ROW_SERIAL = re.compile(r"^\s*\d{1,2}\s+")
_SENTENCE = re.compile(r"[。；;]")


@dataclass(slots=True)
class _Contact:
    department: str | None = None
    names: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    address: str | None = None
    postal_code: str | None = None
    lines: list[Line] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.department or self.names or self.phones or self.emails or self.address)

    def to_dict(self) -> dict:
        return {"department": self.department, "names": self.names, "phones": self.phones,
                "emails": self.emails, "address": self.address, "postal_code": self.postal_code}


# OCR can drop the space between two numbers (0891-6815193 6347266 → 0891-68151936347266). Local
# numbers are 8 digits after a 3-digit area code (010) and 7 after a 4-digit one (0891).
_GLUED_LOCALS = re.compile(r"(?<!\d)(?P<area>0\d{2,3})-(?P<digits>\d{14,16})(?!\d)")


def _unglue(m: re.Match) -> str:
    size = 8 if len(m["area"]) == 3 else 7
    digits = m["digits"]
    if len(digits) % size:
        return m.group()
    return m["area"] + "-" + " ".join(digits[i : i + size] for i in range(0, len(digits), size))


def phones_from_text(text: str, area_code: str | None = None) -> list[str]:
    """Phone numbers in a phone segment, area codes inherited left to right."""
    phones = []
    text = _GLUED_LOCALS.sub(_unglue, text)
    for m in _PHONE_TOKEN.finditer(text):
        phone = normalize_phone(m.group(), area_code)
        if phone is None:
            continue
        area_code = area_code_of(phone) or area_code
        if phone not in phones:
            phones.append(phone)
    return phones


_NAME_SPLIT = re.compile(r"[、，,；;/]|(?<=[\u4e00-\u9fff])[和及](?=[\u4e00-\u9fff]{2})")


def names_from(segment: str) -> list[str]:
    """The names part of a contact line → names: `张 蕾、岳金雪` → 张蕾, 岳金雪; `朗杰 仁青平措` → two.

    Typesetting spreads two-character names (张 蕾): single characters between spaces join up;
    words of two or more characters separated by spaces are separate names.
    """
    names = []
    for part in _NAME_SPLIT.split(segment):
        words = part.split()
        if not words:
            continue
        pieces = ["".join(words)] if all(len(w) == 1 for w in words) else words
        for piece in pieces:
            piece = piece.strip("（）()：:·.")
            if 2 <= len(piece) <= 12 and not re.search(r"\d", piece) and not is_org_name(piece):
                names.append(piece)
    return names


# OCR drops the space between a department and the first name: 成果转化与区域创新处周晓燕、尼玛顿珠.
_GLUED = re.compile(
    r"^(?P<org>[\u4e00-\u9fff（）()]{2,}(?:处|科|室|局|中心|部|办|委|厅|院|站|所|队|组|会))"
    r"(?P<names>(?:[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{2,5}·[\u4e00-\u9fff]{2,5})(?:\s*[、，,]\s*[\u4e00-\u9fff·\s]{2,12})*)$"
)


def _who(text: str) -> tuple[str | None, list[str]]:
    """Department and names from the text that names who to contact.

    Printed as `DEPARTMENT NAME、NAME` the space settles it: everything up to the last word that ends
    like a body (处, 科, 局 …) is the department. Without one, the NER splits, and a "name" that ends
    like a body (开发指导处) is moved to the department.
    """
    text = re.sub(r"^[\s,，、：:（(]+|[\s,，、：:）)]+$", "", text)
    if not text:
        return None, []
    words = text.split()
    last_org = max((i for i, w in enumerate(words) if is_org_name(w.strip("，,、"))), default=None)
    if last_org is not None:
        department = "".join(words[: last_org + 1])
        rest = " ".join(words[last_org + 1 :])
        return department, names_from(rest)
    glued = _GLUED.match(text)
    if glued:
        return glued["org"], names_from(glued["names"])
    if not any(is_org_name(w) for w in re.split(r"[、，,\s]", text) if w) and (" " in text or "、" in text):
        return None, names_from(text)
    department, names = split_org_and_names(text)  # a department glued to the names: the NER splits
    orgs = [n for n in names if is_org_name(n)]
    if orgs:
        department = "".join([department or "", *orgs]) or None
        names = [n for n in names if n not in orgs]
    return department, names


class _Builder:
    """Collects contact items in reading order and decides where one contact ends."""

    def __init__(self) -> None:
        self.contacts: list[_Contact] = []

    @property
    def current(self) -> _Contact:
        if not self.contacts:
            self.contacts.append(_Contact())
        return self.contacts[-1]

    def start(self) -> _Contact:
        if not self.contacts or not self.contacts[-1].is_empty():
            self.contacts.append(_Contact())
        return self.contacts[-1]

    def add_department(self, department: str, lines: list[Line]) -> None:
        c = self.current
        if c.department or c.names or c.phones:
            c = self.start()
        c.department = department
        c.lines += lines

    def add_names(self, names: list[str], lines: list[Line]) -> None:
        c = self.current
        if c.names or c.phones:
            c = self.start()
        c.names += [n for n in names if n not in c.names]
        c.lines += lines

    def add_who(self, department: str | None, names: list[str], lines: list[Line]) -> None:
        """Who a contact line names: its department (if printed) and its people."""
        if department:
            self.add_department(department, lines)
        self.add_names(names, lines)

    def add_phones(self, phones: list[str], lines: list[Line], service: bool) -> None:
        if not phones:
            return
        c = self.current
        if service and c.phones:
            c = self.start()
        area = next((area_code_of(p) for p in reversed(c.phones) if area_code_of(p)), None)
        for phone in phones:
            if area and re.fullmatch(r"[1-9]\d{6,7}", phone):
                phone = f"{area}-{phone}"
            if phone not in c.phones:
                c.phones.append(phone)
        c.lines += lines


def _segments(text: str) -> list[tuple[str, str, int, int, str]]:
    """(kind, label, start, end, prefix) for each labelled segment of a paragraph."""
    found = list(_LABEL.finditer(text))
    out = []
    for i, m in enumerate(found):
        kind = m.lastgroup or "other"
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        previous_end = found[i - 1].end() if i else 0
        prefix = text[previous_end:m.start()] if i == 0 else ""
        out.append((kind, m.group(), m.end(), end, prefix))
    return out


def _department_from_prefix(prefix: str) -> str | None:
    """`门诊部咨询电话：` → 门诊部: what stands before a phone label when it names a body."""
    clause = re.split(r"[，。；,;：:]", prefix)[-1].strip()
    if is_org_name(clause) and len(clause) >= 2:
        return clause
    return None


def _read_paragraph(paragraph: TracedText, builder: _Builder) -> None:
    text = paragraph.text
    segments = _segments(text)
    if not segments:
        return
    lines_all = paragraph.lines_for(0, len(text))
    kind0, label0, _, _, prefix = segments[0]
    # 市整治办：李卫东、次旦，联系电话：…  — an org, a colon, then the names.
    head = re.match(r"^\s*(?P<org>[^\s，,：:]{2,20})[：:](?P<rest>[^：:]*)$", prefix)
    if head and is_org_name(head["org"]):
        builder.add_department(head["org"], lines_all)
        _, names = _who(head["rest"])
        if names:
            builder.current.names += names
    elif prefix.strip() and kind0 == "phone":
        clause = re.split(r"[。；;]", prefix)[-1]
        service = _SERVICE_LABEL.search(label0)
        department, names = _who(clause) if not service else (None, [])
        if names:
            builder.add_who(department, names, lines_all)
        elif service or re.search(r"电话", prefix + label0):
            if service:
                builder.start()
            dept = _department_from_prefix(re.sub(r"(咨询|服务|便民|举报|监督|投诉|值班|热线|电话)+$", "", clause))
            if dept:
                builder.add_department(dept, lines_all)
    for kind, label, start, end, _prefix in segments:
        value = text[start:end]
        lines = paragraph.lines_for(start - len(label), end)
        if kind == "department":
            builder.add_department(re.split(r"[，,；;。]", value)[0].strip().replace(" ", ""), lines)
        elif kind == "person":
            who = re.split(r"[，,；;。](?=[^，,；;。]*(?:电话|传真|邮箱|手机))", value)[0]
            phones = phones_from_text(who)
            who = _PHONE_TOKEN.sub("", who)
            builder.add_who(*_who(re.split(r"[。；;]", who)[0]), lines)
            builder.add_phones(phones, lines, service=False)
        elif kind == "phone":
            number_text, _, rest = re.split(r"([。]|[；;,，](?=\s*[^\d\s(（]))", value + "。", maxsplit=1)
            builder.add_phones(phones_from_text(number_text), lines, service=bool(_SERVICE_LABEL.search(label)))
            department, names = _who(rest.strip("。；;，, ")) if re.search(r"[\u4e00-\u9fff]", rest) else (None, [])
            if names:
                builder.add_who(department, names, lines)
        elif kind == "email":
            emails = [_as_read(e, lines) for e in _EMAIL.findall(value)]
            if emails:
                c = builder.current
                c.emails += [e for e in emails if e not in c.emails]
                c.lines += lines
            elif _POSTAL.search(value[:12]) and not builder.current.postal_code:
                builder.current.postal_code = _POSTAL.search(value[:12]).group()  # 邮箱：850008 (seed)
        elif kind == "address":
            address = re.split(r"[，,；;。]|邮编|邮政编码", value)[0].strip()
            if address:
                builder.current.address = address.replace(" ", "")
                builder.current.lines += lines
        elif kind == "postal":
            m = _POSTAL.search(value)
            if m:
                builder.current.postal_code = m.group()


def _read_table_row(paragraph: TracedText, builder: _Builder) -> bool:
    """A table row like `1 州人民医院培训中心 马玉兰 13709754128 a@b.cn`: one contact. False if not one."""
    text = paragraph.text
    if _SENTENCE.search(text) or _LABEL.search(text) or re.search(r"[：:]", text):
        return False
    phones = phones_from_text(text)
    if not phones or not any(re.search(r"0\d{2,3}-|^1[3-9]\d{9}$", p) for p in phones):
        return False
    emails = [email for email, _, _ in _emails_in(paragraph)]
    rest = _EMAIL.sub(" ", text)
    rest = _PHONE_TOKEN.sub(" ", rest)
    rest = _ROW_SERIAL.sub("", rest)
    department, names = _who(rest)
    contact = builder.start()
    contact.department, contact.names, contact.phones, contact.emails = department, names, phones, emails
    contact.lines = paragraph.lines_for(0, len(text))
    return True


def _emails_in(paragraph: TracedText) -> list[tuple[str, int, int]]:
    """Emails with their spans; OCR'd ones get the l/1 confusion undone."""
    found = []
    for m in _EMAIL.finditer(paragraph.text):
        found.append((_as_read(m.group(), paragraph.lines_for(m.start(), m.end())), m.start(), m.end()))
    return found


def _as_read(email: str, lines: Sequence[Line]) -> str:
    """The email, with OCR's l/1 confusion undone when it was OCR'd."""
    return repair_ocr_email(email) if any(l.source == "ocr" for l in lines) else email


# A line that describes a number without a phone word: `系统技术支持：0991-2318599`.
_DESCRIBED_NUMBER = re.compile(r"^\s*(?P<what>[\u4e00-\u9fff]{2,14})\s*[：:]\s*(?P<numbers>[\d\s\-—－()（）、，,;；]{5,})$")


def _read_described_number(paragraph: TracedText, builder: _Builder) -> bool:
    m = _DESCRIBED_NUMBER.match(paragraph.text)
    if not m or _LABEL.search(paragraph.text) or re.search(r"编号|代码|账号|帐号|QQ|群|号码?$", m["what"]):
        return False
    phones = phones_from_text(m["numbers"])
    if not phones:
        return False
    contact = builder.start()
    contact.department = m["what"] if is_org_name(m["what"]) else None
    builder.add_phones(phones, paragraph.lines_for(0, len(paragraph.text)), service=False)
    return True


def _split_known(name: str, known: set[str]) -> list[str]:
    """`朗杰仁青平措` → 朗杰, 仁青平措 when both are known names and OCR lost the space between them."""
    if name in known:
        return [name]
    for i in range(2, len(name) - 1):
        if name[:i] in known:
            rest = _split_known(name[i:], known)
            if all(part in known for part in rest):
                return [name[:i], *rest]
    return [name]


def apply_directory(contacts: list[_Contact], directory: Sequence[dict]) -> None:
    """Use the contacts reviewers approved before: glued names come apart, and a contact reached by a
    known phone or email gets the department, names and address it was printed without."""
    known_names = {n for entry in directory for n in entry.get("names") or []}
    for contact in contacts:
        whole = _split_known("".join(contact.names), known_names)  # the NER may have cut it elsewhere
        if contact.names and all(part in known_names for part in whole):
            contact.names = whole
        else:
            contact.names = [part for name in contact.names for part in _split_known(name, known_names)]
        reach = set(contact.phones) | set(contact.emails)
        entry = next(
            (e for e in directory if reach & (set(e.get("phones") or []) | set(e.get("emails") or []))), None
        )
        if entry is None:
            continue
        contact.department = contact.department or entry.get("department")
        contact.names = contact.names or list(entry.get("names") or [])
        contact.address = contact.address or entry.get("address")
        contact.postal_code = contact.postal_code or entry.get("postal_code")


def extract_contacts(
    paragraphs: Sequence[TracedText], pages: dict[int, Page], directory: Sequence[dict] = ()
) -> Field | None:
    builder = _Builder()
    loose_emails: list[tuple[str, list[Line]]] = []
    for paragraph in paragraphs:
        if _read_table_row(paragraph, builder) or _read_described_number(paragraph, builder):
            continue
        if any(m.lastgroup != "other" for m in _LABEL.finditer(paragraph.text)):
            _read_paragraph(paragraph, builder)
            continue
        for email, start, end in _emails_in(paragraph):
            loose_emails.append((email, paragraph.lines_for(start, end)))
    contacts = [c for c in builder.contacts if c.phones or c.names or c.emails]
    known = {e for c in contacts for e in c.emails}
    for email, lines in loose_emails:
        if email in known:
            continue
        # An address given in a sentence (…发送至邮箱x@y.cn) belongs to the notice's contact.
        target = next((c for c in contacts if not c.emails), contacts[0] if contacts else None)
        if target is None:
            target = _Contact()
            contacts.append(target)
        target.emails.append(email)
        target.lines += lines
        known.add(email)
    if not contacts:
        return None
    apply_directory(contacts, directory)
    lines = [l for c in contacts for l in c.lines]
    lines = list(dict.fromkeys(lines))
    return make_field("contacts", [c.to_dict() for c in contacts], lines, pages, 0.75)
