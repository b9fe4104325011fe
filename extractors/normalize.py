"""Small pure normalizers for the rules of the domain: text, doc numbers, dates, phones.

Each takes a string as printed (or as OCR read it) and returns the normalized value, or None when the
string is not one. Variation lives in tables of named rows; the first row that matches wins.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date

# --- text -------------------------------------------------------------------------------------------

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def to_halfwidth(text: str) -> str:
    """Full-width ASCII (digits, letters, ：；（） …) to half-width; CJK punctuation like 〔〕、。 stays."""
    return unicodedata.normalize("NFKC", text)


def squeeze(text: str) -> str:
    """Remove all white space (typesetting spaces between CJK characters mean nothing)."""
    return re.sub(r"[\s\u3000]+", "", text)


def squeeze_cjk(text: str) -> str:
    """Remove spaces next to a CJK character, keep those between Latin words."""
    return re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", text).strip()


# --- names of bodies -------------------------------------------------------------------------------

# Endings that make a line of a letterhead a complete body's name; a line without one (西藏自治区)
# continues on the next line (质量协会文件).
ORG_SUFFIXES = ("厅", "局", "委员会", "委", "政府", "办公室", "办", "院", "部", "中心", "会", "协会", "联合会",
                "总工会", "公司", "集团", "大学", "学院", "学校", "所", "站", "队", "支队", "处", "科", "室", "馆",
                "署", "团", "社", "党委", "组", "法院", "检察院")


def is_org_name(text: str) -> bool:
    """Whether text names a body (西藏自治区教育厅, 市整治办), judged by how it ends."""
    return len(text) >= 3 and text.endswith(ORG_SUFFIXES)


# --- doc numbers (发文字号) --------------------------------------------------------------------------

_OPEN = re.escape("〔［【（([<〈《{「")
_CLOSE = re.escape("〕］】）)]>〉》}」")
DOC_NUMBER_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 藏教发〔2024〕58号, 拉政办发 〔2024〕 35 号, 藏质协字（2024）10号, 藏卫医发〔２０２４〕９３号
    (
        "bracketed-year",
        re.compile(
            rf"(?P<org>[\u4e00-\u9fff]{{1,12}}?)[{_OPEN}](?P<year>(?:19|20)\d{{2}})[{_CLOSE}]"
            r"第?(?P<seq>\d{1,5})号"
        ),
    ),
    # 2024年第3号 (公告 numbering)
    ("year-ordinal", re.compile(r"(?P<org>[\u4e00-\u9fff]{0,12}?)(?P<year>(?:19|20)\d{2})年第(?P<seq>\d{1,5})号")),
    # 藏教发2024年58号 — year written without brackets
    ("year-nian", re.compile(r"(?P<org>[\u4e00-\u9fff]{1,12}?)(?P<year>(?:19|20)\d{2})年(?P<seq>\d{1,5})号")),
)


def normalize_doc_number(raw: str) -> str | None:
    """`藏教发[2024]58号` → `藏教发〔2024〕58号`; `2024年第 3 号` kept as `2024年第3号`; else None."""
    # A doc number has no decimals: a dot between digits is a speck OCR read (〔2024〕1.9号).
    text = re.sub(r"(?<=\d)[.·](?=\d)", "", squeeze(to_halfwidth(raw)))
    for name, pattern in DOC_NUMBER_FORMS:
        m = pattern.search(text)
        if not m:
            continue
        org, year, seq = m["org"], m["year"], str(int(m["seq"]))
        if name == "year-ordinal":
            return f"{org}{year}年第{seq}号"
        return f"{org}〔{year}〕{seq}号"
    return None


# --- dates ---------------------------------------------------------------------------------------------

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "o": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3,
              "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_numeral_to_int(text: str) -> int | None:
    """`二十六` → 26, `十` → 10, `二〇二三` → 2023 (digit by digit), `15` → 15; else None."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _CN_DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1 or units == "十":  # 十十 / 二十十 (OCR noise) is no numeral
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


_CN_NUM = "〇○零一二两三四五六七八九十Ｏ"
DATE_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ymd-nian", re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]")),
    ("ymd-cn", re.compile(rf"(?P<y>[{_CN_NUM}]{{4}})\s*年\s*(?P<m>[{_CN_NUM}]{{1,3}})\s*月\s*(?P<d>[{_CN_NUM}]{{1,3}})\s*[日号]")),
    ("ymd-iso", re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})(?!\d)")),
)


def date_from_parts(year: str | int, month: str | int, day: str | int) -> date | None:
    """A `date` from numerals (Arabic or Chinese), or None if they make no calendar date."""
    y, m, d = (v if isinstance(v, int) else cn_numeral_to_int(v) for v in (year, month, day))
    if y is None or m is None or d is None:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_cn_date(text: str) -> date | None:
    """The first full date in `text`: 2024年7月26日, 二〇二三年五月十日, 2024-07-26, 2024.7.26."""
    text = to_halfwidth(text)
    for _name, pattern in DATE_FORMS:
        for m in pattern.finditer(text):  # 2024年2月30日至2024年3月1日: the first that is a real date
            found = date_from_parts(m["y"], m["m"], m["d"])
            if found:
                return found
    return None


# --- phones ---------------------------------------------------------------------------------------------

PHONE_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 0891-6832145, 0891－6832145, 0891 6832145, (0891)6832145, （010）68416388
    ("landline", re.compile(r"^[(（]?(?P<area>0\d{2,3})[)）]?[-－—–\s]?(?P<num>[1-9]\d{6,7})$")),
    ("mobile", re.compile(r"^(?:\+?86[-\s]?)?(?P<num>1[3-9]\d{9})$")),
    ("service", re.compile(r"^(?P<num>(?:400|800)[-\s]?\d{3}[-\s]?\d{4})$")),  # 400-810-5888
    ("short", re.compile(r"^(?P<num>1\d{4})$")),  # 12345 government hotline, 12315, 12320
    ("local", re.compile(r"^(?P<num>[1-9]\d{6,7})$")),  # 6321876: area code inherited
)


def normalize_phone(raw: str, area_code: str | None = None) -> str | None:
    """`0891－6832145` → `0891-6832145`; `6321876` with area `0891` → `0891-6321876`; else None."""
    text = re.sub(r"\s+", "", to_halfwidth(raw)).replace("—", "-").replace("－", "-")
    for name, pattern in PHONE_FORMS:
        m = pattern.match(text)
        if not m:
            continue
        if name == "landline":
            return f"{m['area']}-{m['num']}"
        if name == "service":
            digits = re.sub(r"\D", "", m["num"])
            return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
        if name == "local":
            return f"{area_code}-{m['num']}" if area_code else m["num"]
        return m["num"]
    return None


def area_code_of(phone: str) -> str | None:
    """The area code of a normalized landline (`0891-6832145` → `0891`)."""
    m = re.match(r"^(0\d{2,3})-\d{7,8}$", phone)
    return m.group(1) if m else None


def repair_ocr_email(email: str) -> str:
    """OCR reads the letter l as the digit 1 in addresses (1sszzb@163.com): between letters, or
    leading before one, a 1 in the local part is an l."""
    local, at, domain = email.partition("@")
    local = re.sub(r"(?<=[A-Za-z_])1(?=[A-Za-z_])|^1(?=[A-Za-z])", "l", local)
    return local + at + domain


def repair_ocr_url(url: str) -> str:
    """The same l/1 confusion in a URL's host (jya1.xjedu.org.cn, y1zk.…): a 1 after a letter and
    before a letter or dot, or starting a label before a letter, is an l. Paths are left alone."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    host, slash, path = rest.partition("/")
    host = re.sub(r"(?<=[A-Za-z])1(?=[A-Za-z.])|(?<=^)1(?=[A-Za-z])|(?<=\.)1(?=[A-Za-z])", "l", host)
    return f"{scheme}{sep}{host}{slash}{path}"
