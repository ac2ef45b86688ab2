"""End to end in headless Chromium (issue 14): find, count, report, feed the national database, log a visit.

Six petitions are seeded (five received this quarter, one in an earlier quarter and still open); two are approved
in the station through the real API, one of them classified and accepted (thụ lý). Then, in the browser:

1. a supervisor types "nguyen thi hoa" on /tra-cuu and finds the petition of "Nguyễn Thị Hoa": the result links to
   the case and its snippet highlights the name;
2. the dashboard /thong-ke for this quarter shows the counts (received, verified, handled) and draws its charts
   with Chart.js served by the app: no request leaves the server;
3. /bao-cao previews the quarter's 01/XLD, downloads it as XLSX (openpyxl reads the form's title and the figures)
   and one figure's drill-down lists the case behind it;
4. /xuat-du-lieu downloads the NĐ 55 export: JSON Lines with the records of the verified cases only;
5. a reception clerk logs a visit in the sổ tiếp công dân and finds it in the book.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from e2ekit import shot
from playwright.sync_api import expect
from stationkit import PASSWORD, page_jpeg, page_layout, seed_document

from donthu.config import get_settings, reset_settings
from donthu.contract import LOCAL_TZ
from donthu.ingest.stages import make_case
from donthu.storage import repo
from donthu.storage.db import session_scope
from donthu.storage.objects import make_store

UNITS = """code,name,kind,parent,abolished_on,successor,remote,parent_name,symbol,place,signer_title,signer_name
HN,Thành phố Hà Nội,tinh,,,,0,,UBND,Hà Nội,CHỦ TỊCH,
HN.TTR,Thanh tra thành phố,thanh_tra,HN,,,0,UBND THÀNH PHỐ HÀ NỘI,TTr,Hà Nội,CHÁNH THANH TRA,Lê Văn Chánh
HN.BTCD,Ban tiếp công dân thành phố,ban_tcd,HN,,,0,UBND THÀNH PHỐ HÀ NỘI,BTCD,Hà Nội,TRƯỞNG BAN,Trần Thị Ban
HN.HK,Phường Hoàn Kiếm,phuong,HN,,,0,UBND THÀNH PHỐ HÀ NỘI,UBND,Hoàn Kiếm,CHỦ TỊCH,Đỗ Minh Khoa
"""
HOME = "HN.BTCD"
HOME_NAME = "Ban tiếp công dân thành phố"
SUPERVISOR, CLERK = "lanhdao", "tiepdan"
HOA = "Nguyễn Thị Hoa"
VISITOR = "Bùi Thanh Tùng"
DOCS_SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"


def petition(
    title: str, name_line: str, address: str, id_line: str, about: list[str], signer: str
) -> list[str]:
    return [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        title,
        "Kính gửi: Chủ tịch Ủy ban nhân dân thành phố Hà Nội",
        name_line,
        f"Địa chỉ: {address}",
        id_line,
        *about,
        "Người viết đơn",
        signer,
    ]


# key: (lines, received this quarter?)
PETITIONS: dict[str, tuple[list[str], bool]] = {
    "hoa": (
        petition(
            "ĐƠN KHIẾU NẠI",
            f"Họ và tên người khiếu nại: {HOA}",
            "số 18 ngõ 7 phố Hàng Gai, phường Hoàn Kiếm, Hà Nội",
            "Số CCCD: 001185004321",
            [
                "Khiếu nại về việc: thu hồi đất ở không bồi thường thỏa đáng",
                "Đề nghị xem xét lại quyết định.",
            ],
            HOA,
        ),
        True,
    ),
    "kien": (
        petition(
            "ĐƠN KIẾN NGHỊ",
            "Họ và tên: Đặng Văn Kiên",
            "số 40 phố Lý Thường Kiệt, phường Hoàn Kiếm, Hà Nội",
            "Số điện thoại: 0912345678",
            ["Kiến nghị về việc: xưởng sản xuất gây ô nhiễm môi trường khu dân cư"],
            "Đặng Văn Kiên",
        ),
        True,
    ),
    "loc": (
        petition(
            "ĐƠN TỐ CÁO",
            "Tôi tên là: Trần Quốc Lộc",
            "số 12 phố Hàng Bạc, phường Hoàn Kiếm, Hà Nội",
            "Số điện thoại: 0946930049",
            ["Tôi tố cáo ông Vũ Văn Tám, cán bộ địa chính phường, đã nhận hối lộ khi cấp phép xây dựng."],
            "Trần Quốc Lộc",
        ),
        True,
    ),
    "lan": (
        petition(
            "ĐƠN KHIẾU NẠI",
            "Họ và tên người khiếu nại: Vũ Thị Lan",
            "số 3 phố Tràng Thi, phường Hoàn Kiếm, Hà Nội",
            "Số CCCD: 001190007788",
            ["Khiếu nại về việc: không được hưởng chế độ chính sách trợ cấp người có công"],
            "Vũ Thị Lan",
        ),
        True,
    ),
    "son": (
        petition(
            "ĐƠN KIẾN NGHỊ",
            "Họ và tên: Hoàng Văn Sơn",
            "số 9 phố Hàng Bông, phường Hoàn Kiếm, Hà Nội",
            "Số điện thoại: 0987001122",
            ["Kiến nghị về việc: công trình xây dựng lấn chiếm vỉa hè"],
            "Hoàng Văn Sơn",
        ),
        True,
    ),
    "tuan": (  # an earlier quarter, still open: carried over (kỳ trước chuyển sang)
        petition(
            "ĐƠN KHIẾU NẠI",
            "Họ và tên người khiếu nại: Lê Minh Tuấn",
            "số 21 phố Hàng Đào, phường Hoàn Kiếm, Hà Nội",
            "Số CCCD: 001178003344",
            ["Khiếu nại về việc: quyết định xử phạt vi phạm hành chính về đất đai"],
            "Lê Minh Tuấn",
        ),
        False,
    ),
}
RECEIVED = sum(inside for _, inside in PETITIONS.values())  # this quarter: 5
APPROVED = ("hoa", "kien")  # approved in the station; "hoa" is then classified and accepted (thụ lý)


# ---------------------------------------------------------------------------------------------- the quarter
def quarter(today: dt.date) -> tuple[int, int, dt.date, dt.date]:
    n = (today.month - 1) // 3 + 1
    start = dt.date(today.year, 3 * n - 2, 1)
    end = (dt.date(today.year + (n == 4), (3 * n) % 12 + 1, 1)) - dt.timedelta(days=1)
    return today.year, n, start, end


def received_times(now: dt.datetime, start: dt.date, count: int) -> list[dt.datetime]:
    """``count`` moments spread over the quarter so far (UTC; local dates from ``start`` to today)."""
    first = dt.datetime.combine(start, dt.time(8, 0), LOCAL_TZ).astimezone(dt.UTC)
    last = now - dt.timedelta(minutes=5)
    if last <= first:  # the quarter's first hours: everything this morning
        first = dt.datetime.combine(start, dt.time(0, 1), LOCAL_TZ).astimezone(dt.UTC)
        last = max(first, now - dt.timedelta(seconds=30))
    step = (last - first) / max(1, count - 1)
    return [first + step * i for i in range(count)]


# ---------------------------------------------------------------------------------------------- fixtures
def nd55_codes(path: Path) -> Path:
    """The admin's copy of the NĐ 55 code table: the shipped codes, with a MaCoQuan for each unit of this tree
    (the shipped table knows only the sample units)."""
    from donthu.exchange import nd55_codes as codes

    shipped = codes.default_codes_path().read_text(encoding="utf-8")
    ours = [line.split(",")[0] for line in UNITS.splitlines()[1:]]
    rows = [f"co_quan,{code},TAM-CQ-HN-{i:02d},{code}," for i, code in enumerate(ours, start=1)]
    path.write_text(shipped.rstrip("\n") + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture()
def units_env(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "units.csv"
    path.write_text(UNITS, encoding="utf-8")
    monkeypatch.setenv("DONTHU_UNITS_FILE", str(path))
    monkeypatch.setenv("DONTHU_HOME_UNIT", HOME)
    monkeypatch.setenv("DONTHU_ND55_CODES_FILE", str(nd55_codes(tmp_path / "nd55-codes.csv")))
    reset_settings()


@pytest.fixture()
def world(units_env, server) -> dict:
    """The supervisor and the clerk of the home unit, and the six petitions (page images in the store)."""
    from donthu.storage.users import create_user

    base, _app = server
    store = make_store(get_settings())
    now = dt.datetime.now(dt.UTC)
    year, n, start, end = quarter(now.astimezone(LOCAL_TZ).date())
    this_quarter = [k for k, (_, inside) in PETITIONS.items() if inside]
    when = dict(zip(this_quarter, received_times(now, start, len(this_quarter)), strict=True))
    when["tuan"] = dt.datetime.combine(start - dt.timedelta(days=40), dt.time(9, 30), LOCAL_TZ)
    ids: dict[str, str] = {}
    with session_scope() as db:
        for username, role, full_name in (
            (SUPERVISOR, "supervisor", "Phạm Quang Huy"),
            (CLERK, "reception", "Ngô Thị Thu"),
        ):
            create_user(db, username, PASSWORD, role, full_name=full_name).unit_code = HOME
        for i, (key, (lines, _inside)) in enumerate(PETITIONS.items(), start=1):
            text, words = page_layout(lines)
            image_key = f"pages/e2e/search-{key}.jpg"
            store.put(image_key, page_jpeg(lines), "image/jpeg")
            doc = seed_document(
                db,
                sha256=f"{0xE140 + i:064x}",
                original_name=f"don-{key}.jpg",
                size=1,
                object_key=f"originals/e2e-search-{key}",
                media_type="jpeg",
                page_count=1,
                image_key=image_key,
                text=text,
                words=words,
                confidence=93.0,
            )
            case = make_case(db, doc, [1], text)
            case.received_at = when[key].astimezone(dt.UTC)
            ids[key] = str(case.case_id)
        assert repo.get_case(db, ids["hoa"]).complainant_name == HOA
    return {"base": base, "ids": ids, "year": year, "n": n, "start": start, "end": end}


# ---------------------------------------------------------------------------------------------- helpers
def login(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/login")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/login" not in page.url, "login failed"


def csrf(page) -> dict[str, str]:
    return {"X-CSRF-Token": page.locator('meta[name="csrf-token"]').get_attribute("content") or ""}


def approve(page, base: str, case_id: str) -> None:
    """The station's approval (the real path): open the case (which claims it), keep each flagged field, approve."""
    from donthu.api.verification import flagged_fields

    page.goto(f"{base}/cases/{case_id}")
    with session_scope() as db:
        flagged = flagged_fields(repo.get_case(db, case_id))
    for field in flagged:
        res = page.request.post(
            f"{base}/api/cases/{case_id}/confirm", headers=csrf(page), data={"field": field}
        )
        assert res.ok, (field, res.status, res.text())
    res = page.request.post(f"{base}/api/cases/{case_id}/approve", headers=csrf(page), data={})
    assert res.ok, (res.status, res.text())


def accept(page, base: str, case_id: str) -> None:
    """Classify the khiếu nại (eligible, competent) and accept it (thụ lý) through the handling API."""
    checklist = page.request.get(f"{base}/api/cases/{case_id}/checklist").json()
    body = {
        "content_class": "khieu_nai",
        "eligible": True,
        "competent": True,
        "checklist": {i["key"]: True for i in checklist["items"]},
    }
    res = page.request.post(f"{base}/api/cases/{case_id}/classify", headers=csrf(page), data=body)
    assert res.ok, (res.status, res.text())
    body = {"direction": "thu_ly", "note": "Đủ điều kiện, thuộc thẩm quyền: thụ lý."}
    res = page.request.post(f"{base}/api/cases/{case_id}/handling", headers=csrf(page), data=body)
    assert res.ok, (res.status, res.text())


def fold(text: str) -> str:
    out = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    return "".join(ch for ch in out if not unicodedata.combining(ch))


def assert_local(requests: list[str], base: str) -> None:
    foreign = [u for u in requests if not u.startswith(base + "/")]
    assert not foreign, f"requests to other hosts: {foreign}"


def save_screen(page, name: str, selector: str | None = None) -> None:
    """With DONTHU_DOCS_SCREENS=1, also the screenshot for the docs (docs/screens/NAME.png): the viewport, or the
    element ``selector`` in a window wide enough to show all of it."""
    if os.environ.get("DONTHU_DOCS_SCREENS") != "1":
        return
    DOCS_SCREENS.mkdir(parents=True, exist_ok=True)
    path = str(DOCS_SCREENS / f"{name}.png")
    if selector is None:
        page.screenshot(path=path)
        return
    size = page.viewport_size
    wide = page.evaluate("s => document.querySelector(s).scrollWidth", f"{selector} table") + 120
    page.set_viewport_size({"width": max(size["width"], wide), "height": size["height"]})
    page.locator(selector).screenshot(path=path)
    page.set_viewport_size(size)


# ---------------------------------------------------------------------------------------------- the steps
def find_by_plain_name(page, base: str, hoa: str) -> None:
    page.goto(base + "/tra-cuu")
    page.fill("input#q", "nguyen thi hoa")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#total")).to_contain_text("1 hồ sơ")
    hits = page.locator("#hits li.hit")
    expect(hits).to_have_count(1)
    expect(hits.locator("a.hit-link")).to_have_attribute("href", f"/cases/{hoa}")
    expect(hits.locator("a.hit-link")).to_have_text(hoa)
    # the name is highlighted (the last word also as a prefix: "Hoàn Kiếm", "CỘNG HÒA"), nothing else is
    marks = fold(" ".join(hits.locator(".snippet mark").all_inner_texts())).split()
    assert "nguyen thi hoa" in " ".join(marks), marks
    assert all(m in ("nguyen", "thi") or m.startswith("hoa") for m in marks), marks
    assert HOA in hits.locator(".snippet").inner_text()
    shot(page, "30-search-plain-name")
    with page.expect_navigation():
        hits.locator("a.hit-link").click()
    assert page.url.endswith(f"/cases/{hoa}"), page.url


def dashboard(page, base: str, requests: list[str]) -> None:
    page.goto(base + "/thong-ke")
    page.select_option("select#period", "quy")
    with page.expect_navigation():
        page.click('#dash-filters button[type="submit"]')
    expect(page.locator("#unit-name")).to_have_text(HOME_NAME)
    expect(page.locator("#kpi-received")).to_have_text(str(RECEIVED))
    expect(page.locator("#kpi-verified")).to_have_text(str(len(APPROVED)))
    expect(page.locator("#kpi-handled")).to_have_text("1")
    canvas = page.locator("canvas#c-month")
    expect(canvas).to_be_visible()
    page.wait_for_function("() => window.Chart && Chart.getChart('c-month') && Chart.getChart('c-category')")
    drawn = page.evaluate(
        """() => { const c = document.getElementById('c-month');
                   const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                   let ink = 0; for (let i = 3; i < px.length; i += 4) if (px[i]) ink++;
                   return {w: c.width, h: c.height, ink: ink,
                           bars: Chart.getChart('c-month').data.datasets[0].data}; }"""
    )
    assert drawn["w"] > 100 and drawn["h"] > 100 and drawn["ink"] > 500, drawn
    assert sum(drawn["bars"]) == RECEIVED, drawn  # the first dataset: received, by month
    assert f"{base}/static/vendor/chart.umd.min.js" in requests, requests
    assert_local(requests, base)
    shot(page, "31-dashboard", full_page=True)
    save_screen(page, "dashboard")


def report_01xld(page, base: str, w: dict, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    hoa = w["ids"]["hoa"]
    page.goto(base + "/bao-cao")
    page.select_option("select#form", "01/XLD")
    page.select_option("select#period", "quy")
    page.select_option('select[name="year"]', str(w["year"]))
    page.select_option('select[name="n"]', str(w["n"]))
    with page.expect_navigation():
        page.click('#report-filters button[type="submit"]')
    report = page.locator("#report")
    expect(report).to_have_attribute("data-form", "01/XLD")
    expect(report.locator(".paper-title h2")).to_have_text("TỔNG HỢP KẾT QUẢ XỬ LÝ ĐƠN")
    total = page.locator('#paper tr[data-row="tong"]')
    figure = {c: total.locator(f'td[data-key="tong:c{c}"]') for c in range(1, 26)}
    expect(figure[1]).to_have_text(str(RECEIVED + 1))  # received in the quarter + 1 carried over
    expect(figure[8]).to_have_text("1")  # handled: the accepted khiếu nại
    expect(figure[18]).to_have_text("1")  # within the unit's competence
    expect(figure[19]).to_have_text("1")  # … a khiếu nại
    received = sum(int(figure[c].inner_text()) for c in (5, 6, 7))
    carried = sum(int(figure[c].inner_text()) for c in (2, 3, 4))
    assert (received, carried) == (RECEIVED, 1), (received, carried)
    shot(page, "32-report-01xld", full_page=True)
    save_screen(page, "report-01xld", "#report")

    with page.expect_download(timeout=30_000) as info:
        page.click("a#download-xlsx")
    dl = info.value
    assert dl.failure() is None and dl.suggested_filename.endswith(".xlsx"), dl.suggested_filename
    path = tmp_path / "01-xld.xlsx"
    dl.save_as(path)
    ws = load_workbook(path).active
    assert "TỔNG HỢP KẾT QUẢ XỬ LÝ ĐƠN" in str(ws["A5"].value), ws["A5"].value
    period = f"{w['start']:%d/%m/%Y}"
    assert period in str(ws["A6"].value), ws["A6"].value
    rows = [r for r in ws.iter_rows(values_only=True) if r[1] == "Tổng cộng"]
    assert len(rows) == 1, rows
    # the form's columns 1, 8 and 18 (after STT and the unit)
    assert (rows[0][2], rows[0][9], rows[0][19]) == (RECEIVED + 1, 1, 1), rows[0]

    with page.expect_navigation():
        figure[8].locator("a").click()
    expect(page.locator("#detail-value")).to_have_text("1")
    row = page.locator(f'#detail tr[data-case-id="{hoa}"]')
    expect(row).to_have_count(1)
    expect(row.locator("a")).to_have_attribute("href", f"/cases/{hoa}")
    expect(row).to_contain_text(HOA)
    expect(page.locator("#detail tbody tr")).to_have_count(1)


def nd55_export(page, base: str, ids: dict[str, str], tmp_path: Path) -> None:
    from donthu.exchange.nd55 import validate_record

    page.goto(base + "/xuat-du-lieu")
    page.select_option('#export-form select[name="format"]', "nd55")
    with page.expect_download(timeout=30_000) as info:
        page.click('#export-form button[type="submit"]')
    dl = info.value
    assert dl.failure() is None and dl.suggested_filename.endswith(".jsonl"), dl.suggested_filename
    path = tmp_path / "nd55.jsonl"
    dl.save_as(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]  # every line is one JSON record
    assert all(r["profile"] == "nd55" and r["version"] == 1 for r in records), records
    assert not [p for r in records for p in validate_record(r)]  # the JSON Schema in the repo accepts them
    got = Counter((r["case_id"], r["operation"]) for r in records)
    expected = {
        (ids["hoa"], "capNhatVuViec"): 1,
        (ids["hoa"], "capNhatKQXuLy"): 1,
        (ids["hoa"], "capNhatQuyetDinhThuLy"): 1,
        (ids["kien"], "capNhatVuViec"): 1,
    }
    assert got == expected, got  # verified cases only; one record per operation and event
    vu_viec = next(r for r in records if r["case_id"] == ids["hoa"] and r["operation"] == "capNhatVuViec")
    assert vu_viec["vu_viec_id"] == ids["hoa"] and vu_viec["event_id"] is None, vu_viec


def log_a_visit(page, base: str) -> None:
    login(page, base, CLERK)
    with page.expect_navigation():
        page.click("#reception-log-nav")
    expect(page.locator("#visit-form")).to_be_visible()
    page.fill("#citizen_name", VISITOR)
    page.fill("#citizen_id_number", "001092004455")
    page.fill("#citizen_address", "số 6 phố Hàng Buồm, phường Hoàn Kiếm, Hà Nội")
    page.fill("#content", "Hỏi về thủ tục cấp giấy chứng nhận quyền sử dụng đất đã nộp hồ sơ quá hạn.")
    page.select_option("#content_class", "kien_nghi_phan_anh")
    page.select_option("#outcome", "huong_dan")
    page.fill("#to_body", "Văn phòng đăng ký đất đai Hà Nội")
    with page.expect_navigation():
        page.click("#save-visit")
    expect(page.locator("#saved")).to_be_visible()
    visit = page.url.split("?")[0].rsplit("/", 1)[-1]
    assert visit.isdigit(), page.url
    page.goto(base + "/tiep-cong-dan")
    row = page.locator(f'#book tr[data-visit="{visit}"]')
    expect(row).to_have_count(1)
    expect(row).to_contain_text(VISITOR)
    expect(row).to_contain_text("Văn phòng đăng ký đất đai Hà Nội")
    expect(page.locator("#xlsx-link")).to_be_visible()
    page.locator("#book").scroll_into_view_if_needed()
    shot(page, "33-reception-book", full_page=True)


# ---------------------------------------------------------------------------------------------- the test
def test_find_count_report_export_and_log_a_visit(world, page, tmp_path: Path) -> None:
    base, ids = world["base"], world["ids"]
    requests: list[str] = []  # every request the browser makes, for the whole scenario
    page.on("request", lambda r: requests.append(r.url))
    login(page, base, SUPERVISOR)
    for key in APPROVED:
        approve(page, base, ids[key])
    accept(page, base, ids["hoa"])

    find_by_plain_name(page, base, ids["hoa"])
    dashboard(page, base, requests)
    report_01xld(page, base, world, tmp_path)
    nd55_export(page, base, ids, tmp_path)
    assert not page.errors, page.errors
    log_a_visit(page, base)
    assert not page.errors, page.errors
    assert_local(requests, base)
