"""Zoning rules on synthetic pages: where one notice ends and the next begins."""
from __future__ import annotations

from yigcha.extractors.zones import split_notices
from yigcha.models.document import Line, Page

W, H = 595.0, 842.0


def _line(text: str, top: float, size: float = 16.0, *, x0: float = 80.0, x1: float | None = None,
          color: str | None = None) -> Line:
    width = x1 if x1 is not None else min(W - 80, x0 + size * len(text))
    return Line(text, x0, top, width, top + size, 1, "text", size=size, color=color)


def _page(number: int, lines: list[Line]) -> Page:
    return Page(number, W, H, tuple(Line(l.text, l.x0, l.top, l.x1, l.bottom, number, l.source, size=l.size,
                                          color=l.color) for l in lines), "text")


BODY = [_line("为进一步做好有关工作，现将有关事项通知如下，请认真贯彻落实。", 300 + 29 * i) for i in range(8)]


def first_page(issuer: str, title: str) -> list[Line]:
    return [
        _line(issuer, 160, 32, x0=120, color="red"),
        _line("藏教发〔2024〕58号", 280, x0=220, x1=380),
        _line(title, 380, 22, x0=150, x1=445),
        *BODY,
    ]


def test_a_second_letterhead_opens_a_second_notice() -> None:
    pages = [_page(1, first_page("西藏自治区教育厅文件", "关于做好教学用书征订工作的通知")),
             _page(2, first_page("西藏自治区民政厅文件", "关于开展社会组织评估工作的通知"))]
    assert [[p.page_number for p in group] for group in split_notices(pages)] == [[1], [2]]


def test_seals_over_a_sign_off_at_the_top_of_a_page_do_not() -> None:
    """Joint notices end with several seals; stamped over the issuers' names, they read large and red."""
    sign_off = [
        _line("青海省财政厅", 120, 32, x0=330, color="red"),
        _line("青海省乡村振兴局", 170, 32, x0=100, color="red"),
        _line("2024年7月22日", 230, x0=380, x1=500),
        _line("（此件公开发布）", 260, x0=110, x1=240),
    ]
    pages = [_page(1, first_page("青海省人力资源和社会保障厅文件", "关于开展技能培训的通知")), _page(2, BODY + []),
             _page(3, sign_off)]
    assert [[p.page_number for p in group] for group in split_notices(pages)] == [[1, 2, 3]]
