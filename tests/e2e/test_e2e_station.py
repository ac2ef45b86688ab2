"""End to end in headless Chromium: a verifier takes a case from login to approval with the keyboard only; a
reception clerk drops files on the desk, follows them through the pipeline and prints a receipt."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
from e2ekit import SHOTS, shot
from playwright.sync_api import expect
from sqlalchemy import select
from stationkit import PASSWORD, jpeg_scan, page_jpeg, page_layout, seed_document

from donthu.api import deadlines
from donthu.config import get_settings
from donthu.ingest.stages import make_case
from donthu.storage import repo
from donthu.storage.db import session_scope
from donthu.storage.models import AuditLog, CaseHistory, Document
from donthu.storage.objects import make_store

# what the paper says, and what OCR read ("Thi" for "Thị": the verifier fixes it)
PAPER = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Hà Nội, ngày 15 tháng 3 năm 2024",
    "ĐƠN KHIẾU NẠI",
    "Kính gửi: Ủy ban nhân dân huyện Gia Lâm",
    "Họ và tên người khiếu nại: Phan Thị Mai",
    "Địa chỉ: số 5 ngõ 3, xã Đa Tốn, huyện Gia Lâm, Hà Nội",
    "Số CCCD: 001190012345",
    "Khiếu nại về việc: thu hồi đất nông nghiệp không bồi thường",
    "Đề nghị Ủy ban xem xét, bồi thường theo quy định.",
    "NGƯỜI KHIẾU NẠI",
    "Phan Thị Mai",
]
READ = [line.replace("Phan Thị Mai", "Phan Thi Mai") for line in PAPER]


def seed_petition(db, store, n: int, received: dt.datetime, paper: list[str], read: list[str]) -> str:
    text, words = page_layout(read)
    key = f"pages/e2e/{n}.jpg"
    store.put(key, page_jpeg(read, drawn=paper), "image/jpeg")
    # the OCR post-correction changed one word: the station marks it
    fix = next(i for i, w in enumerate(words) if w[0] == "Đa")
    doc = seed_document(
        db,
        **jpeg_scan(n),
        image_key=key,
        text=text,
        words=words,
        confidence=91.0,
        corrections=[{"index": fix, "old": "Ða", "new": "Đa", "confidence": 0.93, "kind": "char"}],
    )
    case = make_case(db, doc, [1], text)
    case.received_at = received
    return case.case_id


@pytest.fixture()
def seeded(server):
    from donthu.storage.users import create_user

    store = make_store(get_settings())
    now = dt.datetime.now(dt.UTC)
    with session_scope() as db:
        create_user(db, "verifier", PASSWORD, "verifier", full_name="Nguyễn Văn Xác")
        create_user(db, "reception", PASSWORD, "reception", full_name="Trần Thị Nhận")
        first = seed_petition(db, store, 1, now - dt.timedelta(days=2), PAPER, READ)
        other = [
            line.replace("Phan Thị Mai", "Đỗ Văn Long").replace(
                "thu hồi đất nông nghiệp", "cấp giấy chứng nhận"
            )
            for line in PAPER
        ]
        second = seed_petition(db, store, 2, now - dt.timedelta(hours=3), other, other)
    return server, first, second


def login(page, base: str, username: str) -> None:
    """Keyboard only: the user name field has the focus; Tab to the password; Enter submits."""
    page.goto(base + "/login")
    expect(page.locator('input[name="username"]')).to_be_focused()  # autofocus
    page.keyboard.type(username)
    expect(page.locator('input[name="username"]')).to_have_value(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")


def active_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_verifier_corrects_and_approves_with_the_keyboard_only(seeded, page) -> None:
    (base, _app), first, second = seeded
    login(page, base, "verifier")
    page.wait_for_url(base + "/")
    rows = page.locator("table.cases tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(first)  # the earlier deadline first
    shot(page, "01-queue")

    page.keyboard.press("Enter")  # "Xử lý hồ sơ tiếp theo" has the focus
    page.wait_for_url(f"{base}/cases/{first}")
    expect(page.locator("#sheet img")).to_have_js_property("complete", True)
    expect(page.locator("#f-name")).to_have_value("Phan Thi Mai")
    assert active_id(page) == "f-category"  # the first field has the focus
    expect(page.locator(".w.corr")).to_have_count(1)  # the word the OCR post-correction changed
    shot(page, "02-case-screen")

    page.keyboard.press("Tab")  # lĩnh vực
    page.keyboard.press("Tab")  # người gửi đơn
    assert active_id(page) == "f-name"
    expect(page.locator(".w.hl")).to_have_count(3)  # the name's words lit on the page
    page.keyboard.press("Control+A")
    page.keyboard.type("Phan Thị Mai")
    expect(page.locator('.frow[data-field="name"] .state')).to_have_text("● chưa lưu")
    page.keyboard.press("Enter")  # confirm: saved, focus moves on
    expect(page.locator('.frow[data-field="name"] .state')).to_have_text("✓ đã lưu")
    assert active_id(page) == "f-address"
    page.keyboard.press("Enter")  # confirm the address unchanged
    expect(page.locator('.frow[data-field="address"] .state')).to_have_text("✓ đã xác nhận")
    expect(page.locator("#approve")).to_be_disabled()  # the respondent is flagged too: not checked yet
    page.focus("#f-respondent")
    page.keyboard.press("Enter")
    expect(page.locator('.frow[data-field="respondent"] .state')).to_have_text("✓ đã xác nhận")
    expect(page.locator("#approve")).to_be_enabled()
    expect(page.get_by_text("Ctrl+Enter").first).to_be_visible()  # shortcuts on screen
    shot(page, "03-case-field-corrected")

    page.keyboard.press("Control+Enter")  # approve and open the next case
    page.wait_for_url(f"{base}/cases/{second}")
    expect(page.locator("#case-id")).to_have_text(second)
    shot(page, "04-next-case")

    # the mouse way, on the next case: focus a field, drag over words on the page, the field is filled
    page.focus("#f-subject")
    words = page.evaluate("JSON.parse(document.getElementById('station-data').textContent).pages[0].words")
    start = next(i for i, w in enumerate(words) if w[0] == "cấp")
    a = page.locator(f'.w[data-i="{start}"]').bounding_box()
    b = page.locator(f'.w[data-i="{start + 3}"]').bounding_box()
    page.mouse.move(a["x"] + a["width"] / 2, a["y"] + a["height"] / 2)
    page.mouse.down()
    page.mouse.move(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2, steps=6)
    page.mouse.up()
    expect(page.locator("#f-subject")).to_have_value("cấp giấy chứng nhận")
    expect(page.locator(".w.hl")).to_have_count(4)
    shot(page, "05-words-selected-into-field")
    page.keyboard.press("Escape")  # undo: the field is back to its saved value
    expect(page.locator("#f-subject")).not_to_have_value("cấp giấy chứng nhận")

    assert not page.errors, page.errors  # no script error, no CSP violation
    with session_scope() as db:
        case = repo.get_case(db, first)
        assert case.status == "verified" and case.verified_by == "verifier" and case.verified_at is not None
        assert case.complainant_name == "Phan Thị Mai"
        hist = [
            (h.field, h.old_value, h.new_value, h.actor)
            for h in db.scalars(
                select(CaseHistory).where(CaseHistory.case_id == first).order_by(CaseHistory.id)
            )
        ]
        # approving a complaint is the cleared verifier's confirmation that it is not a denunciation
        respondent = case.respondent
        assert hist == [
            ("name", "Phan Thi Mai", "Phan Thị Mai", "verifier"),
            ("respondent", respondent, respondent, "verifier"),
            ("status", "pending_verification", "verified", "verifier"),
            ("identity_released", None, "verifier", "verifier"),
        ]
        actions = {
            a.action
            for a in db.scalars(
                select(AuditLog).where(AuditLog.case_id == first, AuditLog.actor == "verifier")
            )
        }
        assert {"view", "view_image", "claim", "edit", "approve"} <= actions
        assert repo.lock_holder(repo.get_case(db, second)) == "verifier"
        assert db.scalar(select(AuditLog).where(AuditLog.action == "login", AuditLog.actor == "verifier"))


def _png(text: str) -> bytes:
    from donthu.samples import render_page

    buf = io.BytesIO()
    render_page(text, "clean", seed=5, dpi=100).save(buf, "PNG")
    return buf.getvalue()


@pytest.mark.ocr
def test_reception_drops_files_and_prints_a_receipt(seeded, page) -> None:
    (base, app), _first, _second = seeded
    login(page, base, "reception")
    page.wait_for_url(base + "/reception")
    files = [
        {
            "name": "don-kien-nghi.png",
            "type": "image/png",
            "bytes": list(
                _png(
                    "ĐƠN KIẾN NGHỊ\nKính gửi: Ủy ban nhân dân phường Bồ Đề\nTôi tên là Lê Thị Hoa, trú tại số "
                    "12 ngõ 5 phố Ngọc Lâm.\nĐề nghị sửa chữa đường ngõ 5 bị ngập khi trời mưa."
                )
            ),
        },
        {"name": "hong.pdf", "type": "application/pdf", "bytes": list(b"%PDF-1.4\n1 0 obj <<")},
    ]
    transfer = page.evaluate_handle(
        """files => { const dt = new DataTransfer();
             for (const f of files) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, {type: f.type}));
             return dt; }""",
        files,
    )
    page.dispatch_event("#dropzone", "drop", {"dataTransfer": transfer})
    expect(page.locator("#jobs tr")).to_have_count(2)
    shot(page, "06-reception-progress")
    expect(page.locator('#jobs tr[data-status="done"]')).to_have_count(1, timeout=120_000)
    expect(page.locator('#jobs tr[data-status="failed"]')).to_have_count(1, timeout=60_000)
    done = page.locator('#jobs tr[data-status="done"]')
    case_id = done.locator("a.case-no").first.inner_text()
    expect(page.locator('#jobs tr[data-status="failed"]')).to_contain_text("PDF")
    expect(page.locator("#print-all")).to_be_visible()
    shot(page, "07-reception-done")

    with session_scope() as db:
        case = repo.get_case(db, case_id)
        assert case is not None and case.status == "pending_verification"
        assert case.document.original_name == "don-kien-nghi.png"
        due = deadlines.processing_deadline(case.received_at).strftime("%d/%m/%Y")
    expect(done).to_contain_text(due)

    page.goto(base + done.locator("a.receipt-link").first.get_attribute("href"))
    expect(page.locator(".receipt .case-no")).to_have_text(case_id)
    expect(page.locator(".receipt .deadline")).to_have_text(due)
    expect(page.locator(".receipt svg")).to_have_count(1)  # the QR code of the case number
    shot(page, "08-receipt", full_page=True)
    page.emulate_media(media="print")
    SHOTS.mkdir(parents=True, exist_ok=True)
    pdf = SHOTS / "08-receipt.pdf"
    page.pdf(path=str(pdf), format="A4")
    if shutil.which("pdftotext"):
        printed = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "PHIẾU TIẾP NHẬN ĐƠN" in printed and case_id in printed and due in printed
        assert "Đăng xuất" not in printed  # the print stylesheet drops the app's header
    assert not page.errors, page.errors
    with session_scope() as db:
        assert db.scalar(
            select(AuditLog).where(AuditLog.action == "print_receipt", AuditLog.case_id == case_id)
        )
        assert {
            a.detail["filename"] for a in db.scalars(select(AuditLog).where(AuditLog.action == "upload"))
        } == {"don-kien-nghi.png", "hong.pdf"}


@pytest.mark.ocr
def test_reception_retries_a_failed_file(seeded, page) -> None:
    """A file whose reading failed on a system fault is listed with its reason; "Thử lại" turns it into a case."""
    import hashlib

    (base, app), _first, _second = seeded
    data = _png(
        "ĐƠN PHẢN ÁNH\nKính gửi: Ủy ban nhân dân phường Bồ Đề\nTôi tên là Vũ Văn Nam, trú tại số 3 phố "
        "Ngọc Lâm.\nPhản ánh đèn đường ngõ 7 bị hỏng nhiều ngày."
    )
    sha = hashlib.sha256(data).hexdigest()
    store = make_store(get_settings())
    store.put(f"originals/{sha}", data)
    with session_scope() as db:
        doc = Document(
            sha256=sha,
            original_name="don-phan-anh.png",
            size=len(data),
            object_key=f"originals/{sha}",
            status="failed",
            media_type="png",
            page_count=1,
            error="Hệ thống đã thử đọc trang 1 nhiều lần nhưng không được (lỗi hệ thống).",
        )
        db.add(doc)
        db.flush()
        # reception is not cleared for a denouncer's identity: file names (often a person's name) are neutral
        shown = f"tep-{doc.id:06d}.png"
    login(page, base, "reception")
    page.wait_for_url(base + "/reception")
    page.get_by_role("link", name="Tệp lỗi").click()
    expect(page.locator("table.documents")).not_to_contain_text("don-phan-anh.png")
    row = page.locator("table.documents tbody tr", has_text=shown)
    expect(row).to_contain_text("lỗi hệ thống")
    shot(page, "09-failed-files")
    row.get_by_role("button", name="Thử lại").click()
    expect(page.locator(".notice.ok")).to_contain_text(shown)
    assert app.state.uploads.wait(timeout=120)
    page.goto(base + "/documents?status=done")
    expect(page.locator("table.documents tbody tr", has_text=shown)).to_contain_text("Đã tạo hồ sơ")
    shot(page, "10-retried-file-done")
    with session_scope() as db:
        doc = db.scalar(select(Document).where(Document.sha256 == sha))
        assert doc.status == "done" and len(doc.cases) == 1
        assert db.scalar(select(AuditLog).where(AuditLog.action == "document_retry")).actor == "reception"
    assert not page.errors, page.errors
