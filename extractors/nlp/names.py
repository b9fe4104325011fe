"""People and organizations in the names part of a contact line.

The statistical NER finds where the department ends and which characters form a name; the rules
here keep every name the line lists (split at 、，；) and undo typesetting spaces (张 蕾 → 张蕾).
"""

from __future__ import annotations

import re

from yigcha.extractors.nlp.pipeline import Entity, find_entities

# A label the caller may have left on the segment: 联系人：…, 联系人及电话：…
_LEAD = re.compile(r"^\s*(?:[（(]?\s*联\s*系\s*(?:人|部门|单位)(?:及电话)?\s*[：:]?)?\s*")
_TRAIL = re.compile(r"[\s，,、；;。：:）)]+$")
_NAME_SEPARATORS = re.compile(r"[、，,；;/]")
_SPACES = re.compile(r"[\s\u3000]+")
_NAMES_OPEN = re.compile(r"[\s\u3000：:，,、]*")  # between the department and the first name

# Last words of organization names, longest first (自治区教育厅基础教育处, 市整治办, 州人民医院培训中心).
ORG_SUFFIXES: tuple[str, ...] = (
    "委员会", "联合会", "办公室", "中心", "协会", "政府", "医院", "学校", "中学", "小学", "学院", "大学", "公司",
    "分行", "支队", "大队", "总站", "厅", "局", "委", "办", "处", "科", "室", "部", "会", "院", "所", "站", "馆",
)
# A name is Han characters, optionally with the · of Uyghur names; no digits or Latin letters.
_NAME_FORM = re.compile(r"^[\u4e00-\u9fff]{1,8}(?:·[\u4e00-\u9fff]{1,8})*$")


def _has_org_suffix(text: str) -> bool:
    return len(text) >= 3 and text.endswith(ORG_SUFFIXES)


def _strip_spaces(text: str) -> str:
    return _SPACES.sub("", text)


def _leading_org(text: str, entities: list[Entity]) -> tuple[str | None, int]:
    """The organization that opens ``text`` and where the names after it begin."""
    for ent in entities:
        if ent.label == "ORG" and not text[: ent.start].strip():
            return ent.text.strip(), ent.end
        if ent.label == "PERSON":
            break
    words = _SPACES.split(text.strip(), maxsplit=1)
    if len(words) == 2 and len(words[0]) > 3 and _has_org_suffix(words[0]):
        return words[0], text.index(words[0]) + len(words[0])  # the NER missed it; a space ends it
    return None, 0


def _names_in_part(text: str, start: int, end: int, persons: list[Entity]) -> list[str]:
    """Names in ``text[start:end]`` (one item between separators)."""
    part = text[start:end].strip()
    if not part:
        return []
    tokens = _SPACES.split(part)
    if all(len(token) == 1 for token in tokens):
        return ["".join(tokens)]  # 张 蕾: a two-character name set to the width of three
    if len(tokens) > 1 and all(len(token) > 1 for token in tokens):
        return tokens  # 朗杰 仁青平措: a space between names
    inside = [e for e in persons if e.start >= start and e.end <= end]
    if inside and "".join(_strip_spaces(e.text) for e in inside) == _strip_spaces(part):
        return [_strip_spaces(e.text) for e in inside]  # the NER tells where names meet
    return tokens


def split_org_and_names(segment: str) -> tuple[str | None, list[str]]:
    """Split "自治区教育厅基础教育处 达瓦、刘洋" into the department and the person names.

    Returns:
        (department or None, names with typesetting spaces removed, in order)
    """
    text = _TRAIL.sub("", _LEAD.sub("", segment, count=1))
    entities = find_entities(text)
    org, names_start = _leading_org(text, entities)
    names_start = _NAMES_OPEN.match(text, names_start).end()
    persons = [e for e in entities if e.label == "PERSON" and e.start >= names_start]
    names: list[str] = []
    cut = names_start
    for match in [*_NAME_SEPARATORS.finditer(text, names_start), None]:
        end = match.start() if match else len(text)
        names += _names_in_part(text, cut, end, persons)
        cut = match.end() if match else end
    if org is None and len(names) == 1 and not persons and _has_org_suffix(names[0]):
        return names[0], []  # 门诊部: a department with nobody named
    return org, names


def split_person_names(segment: str) -> list[str]:
    """Person names in the names part of a contact line, without the department."""
    return split_org_and_names(segment)[1]


def is_person_name(text: str) -> bool:
    """True when ``text`` is one person's name (边巴次仁, 张 蕾, 艾尔肯·买买提, 王老师)."""
    name = _strip_spaces(text)
    if not _NAME_FORM.match(name) or len(name) < 2:
        return False
    entities = [e for e in find_entities(text.strip()) if e.label in ("PERSON", "ORG")]
    return len(entities) == 1 and entities[0].label == "PERSON" and entities[0].text == text.strip()


def is_org_name(text: str) -> bool:
    """True when ``text`` is one organization's name (拉萨市人民政府办公室, 市整治办)."""
    name = text.strip()
    if not name or re.search(r"[0-9０-９@，,。；;：:]", name):
        return False
    entities = [e for e in find_entities(name) if e.label in ("PERSON", "ORG")]
    if len(entities) == 1 and entities[0].label == "ORG" and entities[0].text == name:
        return True
    return _has_org_suffix(name) and not any(e.label == "PERSON" for e in entities)
