"""Generated training sentences for the PERSON/ORG recognizer.

Names and organizations are assembled from the word lists in ``lists/`` and dropped into the
contexts contact lines have in real notices (联系人：…，电话：…, table rows, 附注 in brackets).
The same seed always gives the same sentences.

Exact names, departments and issuers of the shared development corpus are never emitted
(``CORPUS_HOLDOUT``): the corpus check in ``train.py`` then measures how the model generalises.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LISTS_DIR = Path(__file__).parent / "lists"

# Strings that appear as people, contact departments or issuers in /work/shared/corpus.
CORPUS_HOLDOUT: frozenset[str] = frozenset("""
达瓦 李卫东 次旦 扎西平措 周晓燕 尼玛顿珠 卓嘎 陈建波 边巴次仁 刘洋 索朗旺姆 艾尔肯·买买提 王丽娟 杨红梅 边巴
多杰才让 马玉兰 索南措 格桑德吉 赵明 普布次仁 格桑曲珍 周明辉 周建华 卓玛央金 旺堆 何丽娟 张蕾 岳金雪 朗杰 仁青平措
自治区教育厅基础教育处 市整治办 市财政局农业农村科 成果转化与区域创新处 自治区财政厅社会保障处
自治区人力资源和社会保障厅就业促进和失业保险处 市教育局体卫艺科 自治区教育厅体育卫生与艺术教育处 基础教育处
州文化体育和旅游局 市应急管理局 州卫生健康委科教科 州人民医院培训中心 州疾病预防控制中心 门诊部 市文化和旅游局非遗科
自治区教育厅民族教育处 自治区卫生健康委医政处 自治区医疗质量控制中心 社会组织管理局 市总工会经济技术保障部
质量活动推进部 西藏自治区质量协会秘书处 中华全国妇女联合会 中华全国总工会 中国质量协会 山南市教育局 拉萨市人民政府办公室
拉萨市公安局交通警察支队 拉萨市总工会 新疆维吾尔自治区教育厅 日喀则市人民政府 昌都市文化和旅游局
果洛藏族自治州卫生健康委员会 西藏自治区人力资源和社会保障厅 西藏自治区人民医院 西藏自治区卫生健康委员会 西藏自治区教育厅
西藏自治区林业和草原局 西藏自治区民政厅 西藏自治区科学技术厅 西藏自治区财政厅 西藏自治区质量协会 阿坝藏族羌族自治州人民政府
""".split())

AREA_CODES = ("0891", "0892", "0893", "0894", "0895", "0896", "0897", "0975", "0976", "0837", "0836",
              "0991", "0971", "010", "028", "029")
MAIL_HOSTS = ("163.com", "126.com", "qq.com", "sina.com", "xizang.gov.cn", "caq.org.cn")
CN_DIGITS = "〇一二三四五六七八九"

Piece = tuple[str, str | None]  # (text, entity label or None)


@dataclass(frozen=True, slots=True)
class Sample:
    """One sentence with character-offset entity spans."""

    text: str
    spans: tuple[tuple[int, int, str], ...]


@dataclass(frozen=True, slots=True)
class WordLists:
    """The word lists from ``lists/*.txt``."""

    tibetan_syllables: tuple[str, ...]
    tibetan_endings: tuple[str, ...]
    han_surnames: tuple[str, ...]
    han_given: tuple[str, ...]
    uyghur_names: tuple[str, ...]
    titles: tuple[str, ...]
    regions: tuple[str, ...]
    bodies: tuple[str, ...]
    units: tuple[str, ...]
    national: tuple[str, ...]
    abbreviations: tuple[str, ...]


@cache
def _read_list(name: str) -> tuple[str, ...]:
    words: list[str] = []
    for line in (LISTS_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.extend(w for w in line.split() if w not in words)
    return tuple(words)


@cache
def load_word_lists() -> WordLists:
    """Read every list file once."""
    return WordLists(**{name: _read_list(name) for name in WordLists.__slots__})


class _Maker:
    """Random names, organizations and contact details drawn from the word lists."""

    def __init__(self, rng: random.Random, lists: WordLists) -> None:
        self.rng = rng
        self.w = lists

    def _pick(self, words: tuple[str, ...]) -> str:
        return self.rng.choice(words)

    def person(self, *, spaced: bool = False) -> str:
        """A person name; ``spaced`` lets two-character names carry a typesetting space."""
        while True:
            name = self._person()
            if name not in CORPUS_HOLDOUT:
                break
        if spaced and len(name) == 2 and self.rng.random() < 0.5:
            name = name[0] + self.rng.choice((" ", "　", "  ")) + name[1]
        return name

    def _person(self) -> str:
        roll = self.rng.random()
        w = self.w
        if roll < 0.45:
            first = self._pick(w.tibetan_syllables)
            kind = self.rng.random()
            if kind < 0.3:
                return first
            if kind < 0.88:
                return first + self._pick(w.tibetan_syllables)
            return first + self._pick(w.tibetan_endings)
        if roll < 0.88:
            given = "".join(self._pick(w.han_given) for _ in range(self.rng.choice((1, 1, 2, 2, 2))))
            return self._pick(w.han_surnames) + given
        if roll < 0.95:
            return self._pick(w.uyghur_names) + "·" + self._pick(w.uyghur_names)
        return self._pick(w.han_surnames[:60]) + self._pick(w.titles)

    def org(self) -> str:
        """An organization name: region + body + unit in its usual shortened forms."""
        while True:
            name = self._org()
            if name not in CORPUS_HOLDOUT:
                return name

    def _org(self) -> str:
        w, roll = self.w, self.rng.random()
        region, body, unit = self._pick(w.regions), self._pick(w.bodies), self._pick(w.units)
        short = self.rng.choice(("市", "州", "县", "区", "自治区", "地区"))
        forms: tuple[tuple[float, Callable[[], str]], ...] = (
            (0.30, lambda: short + body + unit),
            (0.50, lambda: region + body + unit),
            (0.62, lambda: region + body),
            (0.72, lambda: short + body),
            (0.82, lambda: unit),
            (0.88, lambda: short + self._pick(w.abbreviations)),
            (0.94, lambda: self._pick(w.national)),
            (1.01, lambda: self._pick(w.national) + unit),
        )
        return next(make for limit, make in forms if roll < limit)()

    def names(self, *, spaced: bool = True) -> list[Piece]:
        """One to three person names joined by 、 (or by a space between Tibetan names)."""
        count = self.rng.choice((1, 1, 2, 2, 2, 3))
        sep = self.rng.choice(("、", "、", "、", "，", " "))
        pieces: list[Piece] = []
        for i in range(count):
            if i:
                pieces.append((sep, None))
            pieces.append((self.person(spaced=spaced and sep != " "), "PERSON"))
        return pieces

    def phone(self) -> str:
        """A landline, mobile or service number as printed."""
        roll, digits = self.rng.random(), lambda n: "".join(self.rng.choice("0123456789") for _ in range(n))
        area = self._pick(AREA_CODES)
        local = self.rng.choice("2345678") + digits(6 if len(area) == 4 else 7)
        if roll < 0.6:
            return f"{area}-{local}"
        if roll < 0.7:
            return f"（{area}）{local}"
        if roll < 0.9:
            return "1" + self.rng.choice("3578") + digits(9)
        return self.rng.choice(("12345", "12315", f"400-{digits(3)}-{digits(4)}"))

    def email(self) -> str:
        """A mailbox like xzjyt_jcjy@163.com."""
        letters = "abcdefghijklmnopqrstuvwxyz"
        local = "".join(self.rng.choice(letters) for _ in range(self.rng.randint(3, 8)))
        if self.rng.random() < 0.5:
            local += "_" + "".join(self.rng.choice(letters) for _ in range(self.rng.randint(2, 5)))
        return f"{local}@{self._pick(MAIL_HOSTS)}"

    def date(self) -> str:
        """A date in one of the printed forms."""
        year, month, day = self.rng.randint(2019, 2026), self.rng.randint(1, 12), self.rng.randint(1, 28)
        roll = self.rng.random()
        if roll < 0.5:
            return f"{year}年{month}月{day}日"
        if roll < 0.8:
            return f"{month}月{day}日"
        return f"本月{day}日"


def _pieces_to_sample(pieces: list[Piece]) -> Sample:
    text, spans, pos = "", [], 0
    for piece, label in pieces:
        if label:
            spans.append((pos, pos + len(piece), label))
        text += piece
        pos += len(piece)
    return Sample(text=text, spans=tuple(spans))


def _phone_tail(m: _Maker) -> list[Piece]:
    label = m.rng.choice(("电话", "联系电话", "电话", "手机", "联系方式"))
    tail = f"，{label}：{m.phone()}"
    if m.rng.random() < 0.3:
        tail += m.rng.choice(("、", "；", "，")) + m.phone()
    if m.rng.random() < 0.3:
        tail += m.rng.choice(("，电子邮箱：", "；邮箱：", "，E-mail：")) + m.email()
    return [(tail, None)]


def _org_gap(m: _Maker) -> str:
    return m.rng.choice((" ", " ", " ", "　", "  ", ""))


def _contact_line(m: _Maker) -> list[Piece]:
    # 联系人：自治区教育厅基础教育处 达瓦，电话：0891-6832145
    head = m.rng.choice(("联系人：", "联系人：", "联 系 人：", "联系人及电话：", "联系人:"))
    org: list[Piece] = [(m.org(), "ORG"), (_org_gap(m), None)] if m.rng.random() < 0.7 else []
    return [(head, None), *org, *m.names(), *_phone_tail(m)]


def _org_colon_line(m: _Maker) -> list[Piece]:
    # 市整治办：李卫东、次旦，联系电话：0891-6321875、6321876
    return [(m.org(), "ORG"), (m.rng.choice(("：", ":")), None), *m.names(), *_phone_tail(m)]


def _names_only_line(m: _Maker) -> list[Piece]:
    # 联系人：张 蕾、岳金雪 / 联系人：朗杰 仁青平措
    return [(m.rng.choice(("联系人：", "联系人:", "联系人 ")), None), *m.names()]


def _bracket_note(m: _Maker) -> list[Piece]:
    # （联系人：市应急管理局 边巴，联系电话：0892-8836215）
    return [("（联系人：", None), (m.org(), "ORG"), (_org_gap(m), None), *m.names(), *_phone_tail(m),
            ("）", None)]


def _table_row(m: _Maker) -> list[Piece]:
    # 州人民医院培训中心 马玉兰 13709754128 glzrmyy_px@163.com
    number = [(f"{m.rng.randint(1, 12)} ", None)] if m.rng.random() < 0.5 else []
    mail = [(" " + m.email(), None)] if m.rng.random() < 0.6 else []
    return [*number, (m.org(), "ORG"), (" ", None), (m.person(spaced=True), "PERSON"), (" " + m.phone(), None),
            *mail]


def _segment(m: _Maker) -> list[Piece]:
    # the names part alone, as split_org_and_names receives it: 市教育局体卫艺科 边巴次仁、刘洋
    org: list[Piece] = [(m.org(), "ORG"), (_org_gap(m), None)] if m.rng.random() < 0.6 else []
    return [*org, *m.names()]


def _department_line(m: _Maker) -> list[Piece]:
    # 联系部门：质量活动推进部
    return [(m.rng.choice(("联系部门：", "联系单位：", "承办单位：", "咨询单位：")), None), (m.org(), "ORG")]


def _report_sentence(m: _Maker) -> list[Piece]:
    # 请于2024年8月20日前将征订汇总表报送自治区教育厅基础教育处。
    thing = m.rng.choice(("汇总表", "参训人员名单", "书面反馈意见", "报名表", "工作总结", "统计数据"))
    verb = m.rng.choice(("报送", "报送至", "发送至", "报", "函复"))
    return [(f"请于{m.date()}前将{thing}{verb}", None), (m.org(), "ORG"),
            (m.rng.choice(("。", "，逾期视为无意见。", "，联系人邮箱：" + m.email() + "。")), None)]


def _issuer_sentence(m: _Maker) -> list[Piece]:
    # 自治区教育厅将于9月上旬会同有关部门开展专项检查。
    tail = m.rng.choice(("将于近期会同有关部门开展专项检查。", "负责本次培训的组织实施。", "印发",
                         "关于做好有关工作的通知", "办公室 " + m.date() + "印发"))
    return [(m.org(), "ORG"), (tail, None)]


def _negative_line(m: _Maker) -> list[Piece]:
    # lines with contact words but no person: 电子邮箱：…, 填报人：　　联系电话：
    return [(m.rng.choice((
        f"联系电话：{m.phone()}、{m.phone()}", f"电子邮箱：{m.email()}", f"传真：{m.phone()}",
        "填报人：　　　　　　　　联系电话：", f"监督举报电话：{m.phone()}", f"邮 箱：{m.email()}",
        f"咨询电话：{m.phone()}", "各单位要高度重视，认真组织实施。", f"于{m.date()}前发送至联系人邮箱。",
    )), None)]


TEMPLATES: tuple[tuple[str, float, Callable[[_Maker], list[Piece]]], ...] = (
    ("contact-line", 0.24, _contact_line),
    ("org-colon", 0.08, _org_colon_line),
    ("names-only", 0.10, _names_only_line),
    ("bracket-note", 0.08, _bracket_note),
    ("table-row", 0.10, _table_row),
    ("segment", 0.18, _segment),
    ("department", 0.05, _department_line),
    ("report", 0.07, _report_sentence),
    ("issuer", 0.05, _issuer_sentence),
    ("negative", 0.05, _negative_line),
)


def generate_samples(count: int, *, seed: int) -> list[Sample]:
    """Return ``count`` sentences; the same seed gives the same list."""
    rng = random.Random(seed)
    maker = _Maker(rng, load_word_lists())
    names = [name for name, _, _ in TEMPLATES]
    weights = [weight for _, weight, _ in TEMPLATES]
    makers = {name: make for name, _, make in TEMPLATES}
    return [_pieces_to_sample(makers[rng.choices(names, weights)[0]](maker)) for _ in range(count)]


if __name__ == "__main__":
    for sample in generate_samples(40, seed=1):
        print(sample.text, [(sample.text[s:e], label) for s, e, label in sample.spans])


def _prose(m: _Maker) -> list[Piece]:
    # body text: mostly no entities, sometimes an organization acting in it
    phrases = _read_list("prose")
    pieces: list[Piece] = []
    for i in range(m.rng.randint(2, 5)):
        if i:
            pieces.append((m.rng.choice(("，", "，", "；", "。", " ")), None))
        roll = m.rng.random()
        if roll < 0.12:
            pieces += [(m.org(), "ORG"), (m.rng.choice(("决定", "将于", "负责", "会同有关部门", "同意")), None)]
        elif roll < 0.2:
            pieces += [(m.rng.choice(("报送", "经", "由", "发送至", "会同")), None), (m.org(), "ORG")]
        elif roll < 0.27:
            pieces.append((m.rng.choice(("于", "定于", "截止时间为")) + m.date(), None))
        pieces.append((m.rng.choice(phrases), None))
    return [*pieces, ("。", None)]


def _service_line(m: _Maker) -> list[Piece]:
    # 门诊部咨询电话：0891-6371234、6371235
    label = m.rng.choice(("咨询电话", "联系电话", "监督举报电话", "值班电话", "办公电话"))
    return [(m.org(), "ORG"), (f"{label}：{m.phone()}", None)]


TEMPLATES = (*TEMPLATES, ("prose", 0.22, _prose), ("service-line", 0.04, _service_line))
