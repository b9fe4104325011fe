"""The review workspace in real headless Chromium (Debian `chromium`, driven by Playwright), against a real
`yigcha serve` process on the embedded defaults (SQLite, local files, jobs in-process).

Covers: sign in, upload two corpus files and see them reach done, open the lowest-confidence record from
the queue, correct a doc number and a deadline (validators first), approve, see the history and the
corrected values in GET /records/{id}; a conflicting edit shows the conflict; box ↔ field linking;
English; Tibetan font; tablet width. Screenshots go to docs/screenshots/ (shown in the README).
"""
from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest

from utils.service import REPO, ServiceProcess, corpus_file, free_port, missing, wait_for

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = REPO / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
TABLET = {"width": 820, "height": 1180}
PASSWORD = "ཡིག་ཆ-passw0rd"  # Tibetan in a password works too


def _cli(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("YIGCHA_")} | env
    done = subprocess.run([sys.executable, "-m", "yigcha.cli", *args], env=full_env, input=stdin,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> Iterator[SimpleNamespace]:
    """`yigcha serve` on a fresh data dir, with users made by `yigcha user create` and a reader token."""
    root = tmp_path_factory.mktemp("workspace")
    env = {"YIGCHA_DATA_DIR": str(root / "data"), "YIGCHA_SWEEP_SECONDS": "0.5"}
    for name, role in (("tashi", "reviewer"), ("dolma", "reviewer"), ("pasang", "uploader")):
        assert f"{name} (role {role}) created" in _cli(env, "user", "create", name, "--role", role,
                                                        "--password-stdin", stdin=PASSWORD + "\n")
    token = _cli(env, "token", "create", "--role", "reader").strip().splitlines()[-1]
    port = free_port()
    process = ServiceProcess(["serve", "--port", str(port)], env, root / "serve.log")
    url = f"http://127.0.0.1:{port}"
    api = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30)

    def healthy() -> bool:
        assert process.proc.poll() is None, process.output()
        try:
            return api.get("/healthz").status_code == 200
        except httpx.TransportError:
            return False

    wait_for(healthy, timeout=30, what=f"yigcha serve on {port}")
    try:
        yield SimpleNamespace(url=url, api=api, process=process)
    finally:
        api.close()
        process.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        missing(f"{CHROMIUM} is absent: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


def sign_in(browser, service, username: str, *, viewport=DESKTOP, path: str = "/upload"):
    """A new browser context signed in as `username`, on `path`."""
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto(service.url + path)
    assert page.url.startswith(service.url + "/login?next=")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(service.url + path)
    return page


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name))


@pytest.fixture(scope="module")
def uploaded(browser, service) -> list[str]:
    """Two corpus notices uploaded by drag-and-drop's file input; both reach done. Returns their ids."""
    page = sign_in(browser, service, "pasang")
    assert page.locator("[data-testid=who]").inner_text() == "pasang (上传员)"
    page.set_input_files("#files", [str(corpus_file("n020.pdf")), str(corpus_file("n012.pdf"))])
    rows = page.locator("#uploads li.upload")
    page.wait_for_function("document.querySelectorAll('#uploads li.upload[data-status=done]').length === 2",
                           timeout=180_000)
    assert sorted(rows.locator(".name").all_inner_texts()) == ["n012.pdf", "n020.pdf"]
    assert rows.locator("progress").evaluate_all("bars => bars.map(b => b.value)") == [100, 100]
    assert rows.locator(".badge").all_inner_texts() == ["已完成", "已完成"]
    page.wait_for_function("document.querySelectorAll('#recent tbody tr[data-status=done]').length === 2")
    page.fill("#name-filter", "n012")
    assert page.locator("#recent tbody tr").count() == 1
    page.fill("#name-filter", "")
    shoot(page, "upload.png")
    ids = [d["id"] for d in service.api.get("/documents").json()["items"]]
    page.context.close()
    return ids


def test_review_flow(browser, service, uploaded) -> None:
    page = sign_in(browser, service, "tashi", path="/queue")
    page.wait_for_selector("#queue tbody tr")
    queue = service.api.get("/records", params={"review_status": "machine"}).json()["items"]
    assert len(queue) == 2
    lowest = min(queue, key=lambda r: min(m["confidence"] for m in r["meta"].values()))
    first_row = page.locator("#queue tbody tr").first
    assert first_row.get_attribute("data-record-id") == str(lowest["id"])
    assert page.locator("[data-count=machine]").inner_text() == "2"
    assert page.locator("[data-doc-count=done]").inner_text() == "2"
    shoot(page, "queue.png")

    first_row.locator("a").click()
    page.wait_for_url(f"{service.url}/review/{lowest['id']}")
    page.wait_for_selector("#record-form fieldset[data-field=doc_number]")
    page.wait_for_function("[...document.querySelectorAll('.page img')].every(i => i.complete && i.naturalWidth > 0)")
    etag_before = service.api.get(f"/records/{lowest['id']}").headers["ETag"]

    # click a box → its field is focused; focus a field → its box is highlighted
    page.locator(".box[data-field=title]").first.click()
    assert page.evaluate("document.activeElement.closest('fieldset').dataset.field") == "title"
    page.focus("#f-issue_date")
    assert "issue_date" in page.locator(".box.active").first.get_attribute("data-fields").split(",")
    page.keyboard.press("Alt+ArrowDown")  # next field
    assert page.evaluate("document.activeElement.closest('fieldset').dataset.field") == "deadlines"

    # validators: clear messages, nothing saved
    page.fill("#f-doc_number", "第58号")
    page.locator("[data-field=deadlines] button.add").click()
    deadline = page.locator("[data-field=deadlines] .row-item").last
    deadline.locator("[data-key=date]").fill("2024-13-40")
    deadline.locator("[data-key=task]").fill("报送整改情况")
    page.keyboard.press("Control+s")
    errors = page.locator("small.err").all_inner_texts()
    assert errors == ["“第58号”不是发文字号，应如 藏质协字〔2024〕10号 或 2024年第3号",
                      "“2024-13-40”不是日期，应为 YYYY-MM-DD，如 2024-08-20"]
    assert service.api.get(f"/records/{lowest['id']}").json()["version"] == 1

    page.fill("#f-doc_number", "藏卫发[2024]7号")
    deadline.locator("[data-key=date]").fill("2024-09-30")
    page.keyboard.press("Control+s")
    page.wait_for_selector("#status[data-status=machine]:has-text('v2')")
    assert page.input_value("#f-doc_number") == "藏卫发〔2024〕7号"
    page.focus("#f-doc_number")  # its box is highlighted on the page image
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, "review.png")

    page.keyboard.press("Control+Enter")  # approve
    page.wait_for_selector("#status[data-status=approved]")
    history = page.locator("#history > li")
    assert history.count() == 3
    assert history.first.locator(".diff li").all_inner_texts() == ["审核状态: 待审核 → 已通过"]
    corrections = history.nth(1).locator(".diff li").all_inner_texts()
    assert [c.split(":")[0] for c in corrections] == ["截止日期", "发文字号"]
    assert "藏卫发〔2024〕7号" in corrections[1] and "2024-09-30 报送整改情况" in corrections[0]

    served = service.api.get(f"/records/{lowest['id']}")
    record = served.json()
    assert (record["version"], record["review_status"], record["doc_number"]) == (3, "approved", "藏卫发〔2024〕7号")
    assert {"date": "2024-09-30", "task": "报送整改情况"} in record["deadlines"]
    assert (record["meta"]["doc_number"]["source"], record["meta"]["doc_number"]["by"]) == ("reviewer", "tashi")
    assert record["meta"]["deadlines"]["source"] == "reviewer"
    assert served.headers["ETag"] != etag_before
    page.context.close()


def test_conflicting_edit_shows_the_conflict(browser, service, uploaded) -> None:
    other = [r for r in service.api.get("/records").json()["items"] if r["review_status"] == "machine"]
    assert other, "test_review_flow leaves one record to review"
    record_id = other[0]["id"]
    mine = sign_in(browser, service, "tashi", path=f"/review/{record_id}")
    theirs = sign_in(browser, service, "dolma", path=f"/review/{record_id}")
    for page in (mine, theirs):
        page.wait_for_selector("#f-title")
    theirs.fill("#f-title", "关于调整门诊时间的公告（多吉更正）")
    theirs.click("#save")
    theirs.wait_for_selector("#status:has-text('v2')")

    mine.fill("#f-title", "关于调整门诊时间的公告（扎西更正）")
    mine.click("#save")
    conflict = mine.locator("#conflict")
    conflict.wait_for(state="visible")
    assert "他人已修改此记录（现为版本 2）" in conflict.inner_text()
    assert conflict.locator("td.theirs").inner_text() == "关于调整门诊时间的公告（多吉更正）"
    assert conflict.locator("td.mine").inner_text() == "关于调整门诊时间的公告（扎西更正）"
    shoot(mine, "conflict.png")
    assert service.api.get(f"/records/{record_id}").json()["title"] == "关于调整门诊时间的公告（多吉更正）"

    mine.click("#keep-mine")  # rebase on their version, then save again
    mine.click("#save")
    mine.wait_for_selector("#status:has-text('v3')")
    assert service.api.get(f"/records/{record_id}").json()["title"] == "关于调整门诊时间的公告（扎西更正）"
    history = service.api.get(f"/records/{record_id}/history").json()["versions"]
    assert [v["author"] for v in history] == ["machine", "dolma", "tashi"]
    mine.context.close()
    theirs.context.close()


def test_english_tibetan_font_and_tablet(browser, service, uploaded) -> None:
    page = sign_in(browser, service, "tashi", viewport=TABLET, path="/queue")
    assert page.locator("nav a[href='/queue']").inner_text() == "审核队列"
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    page.goto(service.url + "/queue?lang=en")
    assert page.locator("nav a[href='/queue']").inner_text() == "Review queue"
    page.goto(service.url + "/upload")  # the choice is remembered in a cookie
    assert page.locator("h2").first.inner_text() == "Recent documents"
    assert page.evaluate("document.documentElement.lang") == "en"

    # the shipped Tibetan face is loaded from the app (no network) and used for the brand's Tibetan
    assert page.evaluate("""async () => { await document.fonts.load('16px "Yigcha Tibetan"', 'ཡིག་ཆ');
                            return document.fonts.check('16px "Yigcha Tibetan"', 'ཡིག་ཆ'); }""")
    assert page.evaluate("getComputedStyle(document.querySelector('.brand .bo')).fontFamily").startswith('"Yigcha Tibetan"')
    record_id = service.api.get("/records").json()["items"][0]["id"]
    page.goto(f"{service.url}/review/{record_id}")
    page.wait_for_selector("#f-title")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"horizontal scroll of {overflow}px at tablet width"
    pane = page.evaluate("[document.querySelector('.pages').getBoundingClientRect().width, window.innerWidth]")
    assert pane[0] > 0.9 * pane[1] - 40  # the page images take the full width above the form
    shoot(page, "review-tablet.png")
    page.context.close()
