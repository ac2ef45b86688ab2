"""End to end in headless Chromium (issue 15): an archivist uploads a zipped box of historical petitions with its
manifest, watches the import's progress bar reach the end, draws a quality-control sample, verifies the sampled
cases in the station (correcting one field of one of them) and reads the batch's accuracy estimate with its
interval and the decision."""

from __future__ import annotations

import io
import random
import re
import zipfile

import pytest
from e2ekit import shot
from playwright.sync_api import expect
from sqlalchemy import select
from stationkit import PASSWORD

from donthu.samples import make_petition, render_page
from donthu.storage.db import session_scope
from donthu.storage.models import ArchiveBatch, Case, HandlingEvent

SEEDS = (1, 2, 3, 4)  # generated petitions the identity policy does not protect (checked below)
MANIFEST = (
    "file,received_date,box,folder,note,nguoi_nhap\n"
    "Hop 7/HS-01/don-1.jpg,15/03/2022,7,HS-01,bản gốc,Lan\n"
    "Hop 7/HS-01/don-2.jpg,16/03/2022,7,HS-01,,Lan\n"
    "Hop 7/HS-02/don-3.jpg,02/06/2022,7,HS-02,bản sao,Lan\n"
    "Hop 7/HS-02/don-4.jpg,03/06/2022,7,HS-02,,Lan\n"
)


def box_zip() -> bytes:
    """Box 7: four one-page scans (120 dpi) in two folders, and a Thumbs.db the import skips."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n, seed in enumerate(SEEDS, start=1):
            pet = make_petition(random.Random(seed), form="labeled", category="khieu_nai", n_pages=1)
            img = render_page(pet.pages[0], profile="clean", seed=seed, dpi=120).convert("L")
            out = io.BytesIO()
            img.save(out, "JPEG", quality=85)
            z.writestr(f"Hop 7/HS-0{(n + 1) // 2}/don-{n}.jpg", out.getvalue())
        z.writestr("Hop 7/HS-01/Thumbs.db", b"\x00thumbs")
    return buf.getvalue()


@pytest.fixture()
def archive_server(server):
    from donthu.storage.users import create_user

    with session_scope() as db:
        create_user(db, "luutru", PASSWORD, "archivist", full_name="Phạm Thị Lưu")
    return server


def login(page, base: str, username: str) -> None:
    page.goto(base + "/login")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def verify_sample(page, base: str) -> int:
    """Open the sample's cases one after the other from the station's "next" button; correct the subject of the
    first, confirm every flagged field, approve. Returns how many were approved."""
    page.locator("form.start button").click()
    approved = 0
    while "/cases/" in page.url:
        expect(page.locator("#sheet img")).to_have_js_property("complete", True)
        if approved == 0:
            shot(page, "30-archive-station")
            subject = page.locator("#f-subject")
            subject.fill((subject.input_value() or "").strip() + " (đã đối chiếu bản gốc)")
            subject.press("Enter")  # saved (the field's history), then on to the next field
            expect(page.locator('.frow[data-field="subject"] .state')).to_have_text("✓ đã lưu")
        for button in page.locator("button.confirm-field").all():
            button.click()
        expect(page.locator("#approve")).to_be_enabled()
        with page.expect_navigation():
            page.locator("#approve").click()
        approved += 1
    return approved


def test_archivist_imports_a_box_samples_it_and_reads_the_estimate(archive_server, page) -> None:
    base, app = archive_server
    login(page, base, "luutru")
    page.goto(base + "/luu-tru")
    expect(page.locator("#archive-upload")).to_be_visible()
    page.set_input_files(
        "#archive-files", files=[{"name": "hop-7.zip", "mimeType": "application/zip", "buffer": box_zip()}]
    )
    page.set_input_files(
        "#archive-manifest",
        files=[
            {"name": "danh-muc-hop-7.csv", "mimeType": "text/csv", "buffer": MANIFEST.encode("utf-8-sig")}
        ],
    )
    page.fill('input[name="name"]', "Hộp 7 — đơn thư năm 2022")
    page.fill('input[name="agency"]', "UBND huyện Gia Lâm")
    shot(page, "30-archive-upload")
    page.locator("#archive-submit").click()
    page.wait_for_url(re.compile(r".*/luu-tru/\d+$"))
    batch_id = int(page.url.rsplit("/", 1)[-1])

    # the progress bar, polled every second, reaches the end; the page then shows the files
    bar = page.locator("#progress-bar")
    expect(bar).to_be_visible()
    expect(page.locator("#pages-done")).not_to_have_text("0", timeout=600_000)  # pages are being read
    shot(page, "30-archive-progress")
    seen = {int(bar.get_attribute("aria-valuenow") or 0)}
    expect(page.locator("#progress-status")).to_have_text("Đã nhập xong", timeout=600_000)
    seen.add(int(page.locator("#progress-bar").get_attribute("aria-valuenow") or 0))
    assert max(seen) == 100
    expect(page.locator("#progress-percent")).to_have_text("100")
    expect(page.locator("#archive-items tbody tr")).to_have_count(4)
    expect(page.locator("#bo-qua")).to_contain_text("Thumbs.db")
    with session_scope() as db:
        cases = list(db.scalars(select(Case).where(Case.archive_batch_id == batch_id)))
    assert len(cases) == 4 and {c.status for c in cases} == {"archived"}
    assert not any(c.identity_protected for c in cases), "a generated petition is protected: pick other seeds"

    # the sampling plan for a lot of 4 at AQL 4.0 (level II): 3 cases, Ac 0, Re 1; draw it
    page.select_option("#aql", "4.0")
    with page.expect_navigation():
        page.locator("#plan-form button").click()
    expect(page.locator("#plan-n")).to_have_text("3")
    with page.expect_navigation():
        page.locator("#draw-sample").click()
    expect(page.locator("#archive-message")).to_contain_text("Đã rút mẫu 3 hồ sơ")
    expect(page.locator("#qc-sample tbody tr")).to_have_count(3)
    expect(page.locator("#decision-word")).to_have_text("Chưa đủ mẫu")
    shot(page, "30-archive-sample", full_page=True)

    # verify the sample in the station
    with page.expect_navigation():
        page.locator("#verify-sample").click()
    expect(page.locator("h1")).to_contain_text("Lưu trữ: chờ kiểm tra")
    assert verify_sample(page, base) == 3
    expect(page.locator("#queue-done")).to_be_visible()
    with page.expect_navigation():
        page.locator("#queue-done a").click()

    # the estimate: one petition of three had a field corrected; Re 1 reached: the batch is not accepted
    expect(page.locator("#decision-word")).to_have_text("Không đạt")
    expect(page.locator("#defectives")).to_contain_text("1 hồ sơ mẫu có lỗi")
    expect(page.locator("#overall-interval")).to_have_text(re.compile(r"^\d+,\d % – \d+,\d %$"))
    expect(page.locator('#qc-fields tr[data-field="subject"] td').nth(2)).to_have_text("1")
    expect(page.locator("#route-rejected")).to_be_visible()
    page.locator("#kiem-tra").scroll_into_view_if_needed()
    shot(page, "30-archive-estimate", full_page=True)
    with session_scope() as db:
        batch = db.get(ArchiveBatch, batch_id)
        sample = batch.qc["sample"]["case_ids"]
        verified = list(db.scalars(select(Case).where(Case.case_id.in_(sample))))
        events = db.scalars(select(HandlingEvent).where(HandlingEvent.case_id.in_(sample))).all()
    assert {c.status for c in verified} == {"archive_verified"} and {c.verified_by for c in verified} == {
        "luutru"
    }
    assert events == []  # historical cases never enter handling
    assert batch.qc["result"]["decision"] == "reject"
    assert not page.errors, page.errors
