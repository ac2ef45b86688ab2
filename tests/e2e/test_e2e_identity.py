"""End to end in headless Chromium (issue 10): a reception clerk and an archivist look at a tố cáo, and at a
crooked tố cáo the OCR could not classify, and see only the redacted copy; searching the denouncer's name finds
nothing for them; a verifier sees the original."""

from __future__ import annotations

import datetime as dt

import pytest
from e2ekit import shot
from PIL import Image, ImageDraw, ImageFont
from playwright.sync_api import expect
from stationkit import FONT, PASSWORD, page_jpeg, page_layout, seed_document

from donthu.config import get_settings
from donthu.ingest.stages import make_case
from donthu.storage import repo
from donthu.storage.db import session_scope
from donthu.storage.objects import make_store

NAME = "Trần Quốc Lộc"
DENUNCIATION = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "ĐƠN TỐ CÁO",
    "Kính gửi: Thanh tra thành phố Hà Nội",
    f"Tôi tên là: {NAME}",
    "Địa chỉ: số 12 phố Hàng Bạc, phường Hoàn Kiếm, Hà Nội",
    "Số điện thoại: 0946930049",
    "Tôi tố cáo ông Vũ Văn Tám, cán bộ địa chính phường, đã nhận hối lộ",
    "để cấp giấy phép xây dựng trái phép cho hộ ông Lê Văn Ba.",
    "Hà Nội, ngày 3 tháng 11 năm 2026",
    "Người tố cáo",
    NAME,
]


def crooked_scan(path, angle: float = 33.0) -> None:
    """The denunciation printed on A4 at 150 dpi and scanned 33° crooked."""
    img = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 30)
    for i, line in enumerate(DENUNCIATION):
        draw.text((110, 140 + i * 60), line, fill=0, font=font)
    img.rotate(angle, expand=True, fillcolor=255).save(path, "PNG")


def login(page, base: str, username: str) -> None:
    page.goto(base + "/login")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/login" not in page.url, "login failed"


@pytest.fixture()
def world(server, tmp_path):
    from donthu.ingest.pipeline import make_pipeline
    from donthu.storage.users import create_user

    base, _app = server
    store = make_store(get_settings())
    with session_scope() as db:
        for role in ("reception", "archivist", "verifier"):
            create_user(db, role, PASSWORD, role, full_name=f"Cán bộ {role}")
        # a tố cáo read well (the extractor classifies it)
        text, words = page_layout(DENUNCIATION)
        store.put("pages/e2e/tc.jpg", page_jpeg(DENUNCIATION), "image/jpeg")
        doc = seed_document(
            db,
            sha256="e" * 64,
            original_name="Don to cao - Tran Quoc Loc - 0946930049.jpg",
            size=1,
            object_key="originals/e2e-tc",
            media_type="jpeg",
            page_count=1,
            image_key="pages/e2e/tc.jpg",
            text=text,
            words=words,
            confidence=92.0,
        )
        tc = make_case(db, doc, [1], text)
        tc.received_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
        tc_id = tc.case_id
        assert tc.category == "to_cao" and tc.identity_protected
    # a crooked scan of it through the real pipeline (Tesseract): whatever it reads, it stays protected
    scan = tmp_path / "scan-lech.png"
    crooked_scan(scan)
    summary = make_pipeline(get_settings(), workers=1).run([scan])
    crooked_id = summary.files[0].case_ids[0]
    with session_scope() as db:
        crooked = repo.get_case(db, crooked_id)
        assert crooked.identity_protected, (crooked.category, crooked.identity_reasons)
        originals = {
            tc_id: store.get(repo.case_pages(db, repo.get_case(db, tc_id))[0].image_key),
            crooked_id: store.get(repo.case_pages(db, crooked)[0].image_key),
        }
    return base, tc_id, crooked_id, originals


@pytest.mark.parametrize("role", ["reception", "archivist"])
def test_uncleared_roles_see_only_the_redacted_copy(world, page, role: str) -> None:
    base, tc_id, crooked_id, originals = world
    login(page, base, role)
    for case_id in (tc_id, crooked_id):
        page.goto(f"{base}/cases/{case_id}")
        expect(page.locator("#redacted-notice")).to_be_visible()
        expect(page.locator("#sheet img")).to_have_js_property("complete", True)
        assert NAME not in page.content() and "Tran Quoc Loc" not in page.content()
        src = page.locator("#sheet img").get_attribute("src")
        shown = page.request.get(base + src)
        assert shown.status == 200 and shown.body() != originals[case_id]
        if case_id == tc_id:
            shot(page, f"11-redacted-{role}")
    # searching the denouncer's name finds nothing
    page.goto(base + "/?status=")
    page.fill('input[name="q"]', NAME)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("table.cases tbody tr", has_text=tc_id)).to_have_count(0)
    expect(page.locator("table.cases tbody tr", has_text=crooked_id)).to_have_count(0)
    if role == "archivist":
        shot(page, "12-search-finds-nothing")


def test_a_verifier_sees_the_original(world, page) -> None:
    base, tc_id, _crooked_id, originals = world
    login(page, base, "verifier")
    page.goto(base + "/?status=")
    page.fill('input[name="q"]', NAME)
    page.keyboard.press("Enter")
    expect(page.locator("table.cases tbody tr", has_text=tc_id)).to_have_count(1)
    page.goto(f"{base}/cases/{tc_id}")
    expect(page.locator("#f-name")).to_have_value(NAME)
    expect(page.locator("#identity-protected")).to_be_visible()
    src = page.locator("#sheet img").get_attribute("src")
    assert page.request.get(base + src).body() == originals[tc_id]
    shot(page, "13-verifier-original")
