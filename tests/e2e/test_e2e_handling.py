"""End to end in headless Chromium (issue 13): handling after verification.

1. A khiếu nại approved in the station enters the unit's handling inbox; on its handling page it is classified,
   thụ lý'd (its Phiếu đề xuất thụ lý downloaded as DOCX, parsed, and as PDF, rendered to PNG), assigned, given a
   verification step, resolved, the citizen notified (the notice letter printed) and closed; the timeline shows
   every step.
2. A tố cáo held by unit A (Ban tiếp công dân) is forwarded to unit B (a phường) of the same installation; B's
   verifier finds it in B's inbox and sees only the redacted copy; B sends a reply (phúc đáp); A sees the case in
   its "đã chuyển" tab with the reply, and the reply on the timeline.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest
from e2ekit import SAVED, SHOTS, shot
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect
from stationkit import PASSWORD, page_jpeg, page_layout, seed_document

from donthu.config import get_settings, reset_settings
from donthu.contract import EVENT_LABELS, STAGE_LABELS
from donthu.ingest.stages import make_case
from donthu.storage import repo
from donthu.storage.db import session_scope
from donthu.storage.models import User
from donthu.storage.objects import make_store

UNITS = """code,name,kind,parent,abolished_on,successor,remote,parent_name,symbol,place,signer_title,signer_name
HN,Thành phố Hà Nội,tinh,,,,0,,UBND,Hà Nội,CHỦ TỊCH,
HN.TTR,Thanh tra thành phố,thanh_tra,HN,,,0,UBND THÀNH PHỐ HÀ NỘI,TTr,Hà Nội,CHÁNH THANH TRA,Lê Văn Chánh
HN.BTCD,Ban tiếp công dân thành phố,ban_tcd,HN,,,0,UBND THÀNH PHỐ HÀ NỘI,BTCD,Hà Nội,TRƯỞNG BAN,Trần Thị Ban
HN.HK,Phường Hoàn Kiếm,phuong,HN,,,0,UBND THÀNH PHỐ HÀ NỘI,UBND,Hoàn Kiếm,CHỦ TỊCH,Đỗ Minh Khoa
"""
UNIT_A, UNIT_B = "HN.BTCD", "HN.HK"
UNIT_A_NAME, UNIT_B_NAME = "Ban tiếp công dân thành phố", "Phường Hoàn Kiếm"

TODAY = dt.date.today()
COMPLAINANT = "Phan Thị Mai"
COMPLAINT = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    f"Hà Nội, ngày {TODAY.day} tháng {TODAY.month} năm {TODAY.year}",
    "ĐƠN KHIẾU NẠI",
    "Kính gửi: Chủ tịch Ủy ban nhân dân thành phố Hà Nội",
    f"Họ và tên người khiếu nại: {COMPLAINANT}",
    "Địa chỉ: số 5 ngõ 3 phố Hàng Bông, phường Hoàn Kiếm, Hà Nội",
    "Số CCCD: 001190012345",
    "Khiếu nại về việc: thu hồi đất nông nghiệp không bồi thường",
    "Đề nghị Ủy ban xem xét, bồi thường theo quy định.",
    "NGƯỜI KHIẾU NẠI",
    COMPLAINANT,
]
DENOUNCER = "Trần Quốc Lộc"
DENUNCIATION = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "ĐƠN TỐ CÁO",
    "Kính gửi: Ban tiếp công dân thành phố Hà Nội",
    f"Tôi tên là: {DENOUNCER}",
    "Địa chỉ: số 12 phố Hàng Bạc, phường Hoàn Kiếm, Hà Nội",
    "Số điện thoại: 0946930049",
    "Tôi tố cáo ông Vũ Văn Tám, cán bộ địa chính phường, đã nhận hối lộ",
    "để cấp giấy phép xây dựng trái phép cho hộ ông Lê Văn Ba.",
    f"Hà Nội, ngày {TODAY.day} tháng {TODAY.month} năm {TODAY.year}",
    "Người tố cáo",
    DENOUNCER,
]
REPLY = "Đã tiếp nhận đơn, giao Chủ tịch UBND phường xác minh, trả lời trước ngày 30."


# ---------------------------------------------------------------------------------------------- fixtures
@pytest.fixture()
def units_env(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The agency tree of the test and its home unit, in force before the server starts."""
    path = tmp_path / "units.csv"
    path.write_text(UNITS, encoding="utf-8")
    monkeypatch.setenv("DONTHU_UNITS_FILE", str(path))
    monkeypatch.setenv("DONTHU_HOME_UNIT", UNIT_A)
    reset_settings()


@pytest.fixture()
def world(units_env, server) -> dict:
    """Officers of units A and B, a khiếu nại and a tố cáo waiting for verification (page images in the store)."""
    from donthu.storage.users import create_user

    base, _app = server
    store = make_store(get_settings())
    received = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    people = {
        "canbo-a": ("Nguyễn Văn An", UNIT_A),
        "chuyenvien-a": ("Lê Thị Xuân", UNIT_A),
        "canbo-b": ("Hoàng Minh Bình", UNIT_B),
    }
    with session_scope() as db:
        for username, (full_name, unit) in people.items():
            user: User = create_user(db, username, PASSWORD, "verifier", full_name=full_name)
            user.unit_code = unit
        ids, originals = {}, {}
        for n, (key, lines) in enumerate((("kn", COMPLAINT), ("tc", DENUNCIATION)), start=1):
            text, words = page_layout(lines)
            image_key = f"pages/e2e/handling-{key}.jpg"
            store.put(image_key, page_jpeg(lines), "image/jpeg")
            doc = seed_document(
                db,
                sha256=f"{0xD0 + n:064x}",
                original_name=f"don-{key}.jpg",
                size=1,
                object_key=f"originals/e2e-handling-{key}",
                media_type="jpeg",
                page_count=1,
                image_key=image_key,
                text=text,
                words=words,
                confidence=93.0,
            )
            case = make_case(db, doc, [1], text)
            case.received_at = received
            ids[key], originals[key] = case.case_id, store.get(image_key)
        assert repo.get_case(db, ids["kn"]).category == "khieu_nai"
        tc = repo.get_case(db, ids["tc"])
        assert tc.category == "to_cao" and tc.identity_protected
    return {"base": base, "ids": ids, "originals": originals}


# ---------------------------------------------------------------------------------------------- helpers
def login(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/login")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/login" not in page.url, "login failed"


def approve_in_station(page, base: str, case_id: str) -> None:
    """The station's approval (the real path): open the case (which claims it), approve through its API."""
    from donthu.api.verification import flagged_fields

    page.goto(f"{base}/cases/{case_id}")
    headers = {"X-CSRF-Token": page.locator('meta[name="csrf-token"]').get_attribute("content") or ""}
    with session_scope() as db:
        flagged = flagged_fields(repo.get_case(db, case_id))
    for field in flagged:  # the verifier looks at each field the machine was unsure of and keeps it
        res = page.request.post(f"{base}/api/cases/{case_id}/confirm", headers=headers, data={"field": field})
        assert res.ok, (field, res.status, res.text())
    res = page.request.post(f"{base}/api/cases/{case_id}/approve", headers=headers, data={})
    assert res.ok, (res.status, res.text())
    with session_scope() as db:
        case = repo.get_case(db, case_id)
        # approving puts the case into the home unit's handling inbox (tracking.on_verified)
        got = (case.status, case.handling_stage, case.unit_code)
        assert got == ("verified", "cho_xu_ly", UNIT_A), f"approve did not start the handling: {got}"


def submit(page, button: str) -> None:
    """Click an action's button: the page reloads after the API accepted it, or shows the API's error."""
    try:
        with page.expect_navigation(timeout=15_000):
            page.click(button)
    except PlaywrightTimeout:
        error = page.locator("#error")
        detail = error.inner_text() if error.count() else "(no #error element)"
        raise AssertionError(f"{button}: the page did not reload; #error: {detail}") from None


def timeline(page) -> list[str]:
    return page.locator("#timeline li[data-kind]").evaluate_all("els => els.map(e => e.dataset.kind)")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def docx_text(path: Path) -> str:
    """Every paragraph of the document body (tables included), each run joined."""
    import docx
    from docx.oxml.ns import qn

    body = docx.Document(str(path)).element.body
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p")))


def pdf_to_png(path: Path, name: str) -> tuple[str, Path]:
    """The PDF's text and its first page rendered to PNG, saved with the end-to-end screenshots."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        assert len(pdf) >= 1
        text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        image = pdf[0].render(scale=2).to_pil()
    finally:
        pdf.close()
    SHOTS.mkdir(parents=True, exist_ok=True)
    out = SHOTS / f"{name}.png"
    image.save(out)
    SAVED.append(out)
    assert image.width > 1000 and image.getextrema() != ((255, 255), (255, 255), (255, 255)), "blank PDF page"
    return flat(text), out


def download(page, kind: str, fmt: str, tmp_path: Path) -> Path:
    link = page.locator(f'#letters a[data-kind="{kind}"][data-format="{fmt}"]')
    expect(link).to_have_count(1)
    with page.expect_download(timeout=60_000) as info:
        link.click()
    dl = info.value
    assert dl.failure() is None, dl.failure()
    assert dl.suggested_filename.endswith("." + fmt), dl.suggested_filename
    path = tmp_path / f"{kind}.{fmt}"
    dl.save_as(path)
    return path


# ---------------------------------------------------------------------------------------------- scenario 1
def classify(page, base: str, case_id: str, content_class: str, competent: bool) -> None:
    """Fill the classification form: the checklist comes pre-filled from the API; the officer ticks the rest."""
    form = page.locator("#classify-form")
    expect(form).to_be_visible()
    checklist = page.request.get(f"{base}/api/cases/{case_id}/checklist").json()
    items = {i["key"]: i["ok"] for i in checklist["items"]}
    assert items, checklist
    boxes = form.locator("input.check[data-key]")
    expect(boxes).to_have_count(len(items))
    for key, ok in items.items():
        box = form.locator(f'input.check[data-key="{key}"]')
        (expect(box).to_be_checked() if ok else expect(box).not_to_be_checked())
        box.check()
    page.select_option("select#content-class", content_class)
    page.check("input#eligible")
    (page.check if competent else page.uncheck)("input#competent")
    page.select_option("select#round", "1")
    page.select_option("select#complex", "0")
    submit(page, "button#classify-submit")
    expect(page.locator('#timeline li[data-kind="classify"]')).to_have_count(1)


def test_a_complaint_is_handled_to_its_result_with_letters(world, page, tmp_path: Path) -> None:
    base, case_id = world["base"], world["ids"]["kn"]
    login(page, base, "canbo-a")
    approve_in_station(page, base, case_id)
    page.goto(f"{base}/cases/{case_id}")
    expect(page.locator("a#handling-link")).to_have_attribute("href", f"/cases/{case_id}/xu-ly")

    page.goto(f"{base}/cases/{case_id}/xu-ly")
    expect(page.locator("#stage")).to_contain_text(STAGE_LABELS["cho_xu_ly"])
    expect(page.locator("#unit")).to_contain_text(UNIT_A_NAME)
    expect(page.locator("#clocks tr[data-key]").first).to_be_visible()
    classify(page, base, case_id, "khieu_nai", competent=True)

    page.select_option("select#direction", "thu_ly")
    page.fill("textarea#decision-note", "Đơn đủ điều kiện, thuộc thẩm quyền: đề xuất thụ lý.")
    submit(page, "button#decision-submit")
    expect(page.locator("#stage")).to_contain_text(STAGE_LABELS["thu_ly"])
    # the clocks of a thụ lý'd khiếu nại, with their legal basis
    expect(page.locator("#clocks tr[data-key]")).not_to_have_count(0)

    # the letter, as editable DOCX and as PDF
    text = docx_text(download(page, "de_xuat_thu_ly", "docx", tmp_path))
    assert case_id in text and COMPLAINANT in text, text
    assert "phiếu đề xuất thụ lý" in text.lower(), text
    pdf_text, _png = pdf_to_png(download(page, "de_xuat_thu_ly", "pdf", tmp_path), "20-letter-de-xuat-thu-ly")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pdf_text, pdf_text
    assert case_id in pdf_text.replace(" ", ""), pdf_text

    page.fill("input#officer", "chuyenvien-a")
    submit(page, "button#assign-submit")
    expect(page.locator("#stage")).to_contain_text(STAGE_LABELS["giai_quyet"])
    page.fill("input#step", "Làm việc với người khiếu nại, thu thập hồ sơ bồi thường")
    submit(page, "button#step-submit")
    page.select_option("select#result", "kn_dung_mot_phan")
    page.fill("input#amount-recovered", "15000000")
    submit(page, "button#result-submit")
    expect(page.locator("#stage")).to_contain_text(STAGE_LABELS["co_ket_qua"])
    submit(page, "button#notice-submit")
    notice_text, _ = pdf_to_png(
        download(page, "thong_bao_ket_qua", "pdf", tmp_path), "24-letter-thong-bao-ket-qua"
    )
    assert COMPLAINANT in notice_text, notice_text
    submit(page, "button#close-submit")
    expect(page.locator("#stage")).to_contain_text(STAGE_LABELS["ket_thuc"])

    steps = ["received", "classify", "thu_ly", "assign", "step", "result", "notice", "close"]
    assert timeline(page) == steps
    for kind in steps:
        expect(page.locator(f'#timeline li[data-kind="{kind}"]')).to_contain_text(EVENT_LABELS[kind])
    expect(page.locator('#timeline li[data-kind="assign"]')).to_contain_text("chuyenvien-a")
    page.locator("#timeline").scroll_into_view_if_needed()
    shot(page, "21-handling-timeline", full_page=True)
    assert not page.errors, page.errors

    handling = page.request.get(f"{base}/api/cases/{case_id}").json()
    assert [d["direction"] for d in handling["handling"]] == ["thu_ly"]
    assert handling["unit"] == UNIT_A and handling["handling_stage"] == "ket_thuc"
    events = page.request.get(f"{base}/api/cases/{case_id}/handling").json()["timeline"]
    result = next(e for e in events if e["kind"] == "result")
    assert result["data"] == {"result": "kn_dung_mot_phan", "amount_recovered": 15_000_000}


# ---------------------------------------------------------------------------------------------- scenario 2
def page_image_bytes(page, base: str) -> bytes:
    img = page.locator('img[src*="/pages/1/image"]').first
    expect(img).to_have_js_property("complete", True)
    assert page.evaluate("img => img.naturalWidth", img.element_handle()) > 0
    res = page.request.get(base + (img.get_attribute("src") or ""))
    assert res.ok, res.status
    return res.body()


def test_a_denunciation_forwarded_to_another_unit_is_redacted_there_and_the_reply_comes_back(
    world, page
) -> None:
    base, case_id, original = world["base"], world["ids"]["tc"], world["originals"]["tc"]
    login(page, base, "canbo-a")
    approve_in_station(page, base, case_id)
    page.goto(f"{base}/cases/{case_id}/xu-ly")
    classify(page, base, case_id, "to_cao", competent=False)
    page.select_option("select#direction", "chuyen_don")
    page.select_option("select#to-unit", UNIT_B)
    page.fill("textarea#decision-note", "Người bị tố cáo là cán bộ phường: chuyển Chủ tịch UBND phường.")
    submit(page, "button#decision-submit")
    expect(page.locator('#timeline li[data-kind="chuyen_don"]')).to_contain_text(UNIT_B_NAME)
    redacted = page.request.get(f"{base}/api/cases/{case_id}/pages/1/redacted")
    assert redacted.ok and redacted.body() != original  # the copy handed on

    # unit B: the case is in its inbox, with the redacted copy only
    login(page, base, "canbo-b")
    page.goto(base + "/xu-ly")
    expect(page.locator("#unit-name")).to_contain_text(UNIT_B_NAME)
    page.click('a.tab[data-view="cho_xu_ly"]')
    row = page.locator(f'tr[data-case-id="{case_id}"]')
    expect(row).to_have_count(1)
    expect(row).to_contain_text(UNIT_B_NAME)
    shot(page, "22-forwarded-inbox-B")
    with page.expect_navigation():
        row.locator("a.case-link").click()
    assert page.url.endswith(f"/cases/{case_id}/xu-ly"), page.url
    expect(page.locator("#redacted-note")).to_be_visible()
    expect(page.locator("#redacted-note")).to_contain_text("Bản lược danh tính")
    expect(page.locator("#unit")).to_contain_text(UNIT_B_NAME)
    assert DENOUNCER not in page.content() and "0946930049" not in page.content()
    shown = page_image_bytes(page, base)
    assert shown != original and shown == redacted.body()
    assert timeline(page)[:4] == ["received", "classify", "chuyen_don", "received"]

    page.fill("textarea#reply-note", REPLY)
    page.fill("input#reply-no", "125/UBND-TTr")
    submit(page, "button#reply-submit")
    expect(page.locator('#timeline li[data-kind="reply"]')).to_contain_text(REPLY)
    assert not page.errors, page.errors

    # unit A follows the outcome: the "đã chuyển" tab shows the reply; the timeline has it
    login(page, base, "canbo-a")
    page.goto(base + "/xu-ly")
    page.click('a.tab[data-view="da_chuyen"]')
    row = page.locator(f'tr[data-case-id="{case_id}"]')
    expect(row).to_contain_text(EVENT_LABELS["reply"])
    shot(page, "23-sender-sees-reply")
    page.goto(f"{base}/cases/{case_id}/xu-ly")
    expect(page.locator('#timeline li[data-kind="reply"]')).to_contain_text(REPLY)
    assert timeline(page)[-1] == "reply"
    # the unit that received the petition first keeps the original
    assert page_image_bytes(page, base) == original
    assert not page.errors, page.errors
