"""End to end in headless Chromium, the station gaps of issue 13: a low-confidence field holds the approval until
it is confirmed (Enter) — the count shows what is left and the history panel refreshes without a reload; Alt+Q then
Enter opens another case, not the one skipped; the full-text panel's font comes from the app."""

from __future__ import annotations

import datetime as dt

import pytest
from e2ekit import shot
from playwright.sync_api import expect
from sqlalchemy import select
from stationkit import PASSWORD, seed_case

from donthu.config import get_settings
from donthu.storage.db import session_scope
from donthu.storage.models import CaseHistory
from donthu.storage.objects import make_store


@pytest.fixture()
def seeded(server):
    from donthu.storage.users import create_user

    store = make_store(get_settings())
    now = dt.datetime.now(dt.UTC)
    with session_scope() as db:
        create_user(db, "verifier", PASSWORD, "verifier", full_name="Nguyễn Văn Xác")
        flagged = seed_case(
            db, store, 1, received_at=now - dt.timedelta(days=4), confidence=0.4
        )  # address 40 %
        second = seed_case(db, store, 2, received_at=now - dt.timedelta(days=2), name="Đỗ Văn Long")
        third = seed_case(db, store, 3, received_at=now - dt.timedelta(days=1), name="Lê Thị Hoa")
        ids = (flagged.case_id, second.case_id, third.case_id)
    return server, ids


def login(page, base: str) -> None:
    page.goto(base + "/login")
    expect(page.locator('input[name="username"]')).to_be_focused()
    page.keyboard.type("verifier")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/")


def test_flagged_field_confirm_history_refresh_and_skip(seeded, page) -> None:
    (base, _app), (flagged, second, third) = seeded
    login(page, base)
    start = page.locator("form.start button")
    expect(start).to_be_focused()  # autofocus
    page.keyboard.press("Enter")  # the oldest case
    page.wait_for_url(f"{base}/cases/{flagged}")
    approve = page.locator("#approve")
    expect(approve).to_be_disabled()
    expect(page.locator("#flags-left")).to_have_text("Còn 1 trường cần kiểm tra")
    expect(page.locator("#history-count")).to_have_text("0")
    page.keyboard.press("Control+Enter")  # refused on the page: says what is left, goes to it
    expect(page.locator("#msg")).to_contain_text("Địa chỉ")
    expect(page.locator("#f-address")).to_be_focused()
    assert page.url == f"{base}/cases/{flagged}"
    shot(page, "gaps-01-flagged-field")

    page.keyboard.press("Enter")  # confirm the address as read: recorded, the history panel refreshes
    expect(page.locator('.frow[data-field="address"] .state')).to_have_text("✓ đã xác nhận")
    expect(approve).to_be_enabled()
    expect(page.locator("#flags-left")).to_have_text("")
    expect(page.locator("#msg")).to_have_text("Đã kiểm tra đủ các trường cần kiểm tra.")
    expect(page.locator("#history-count")).to_have_text("1")
    page.locator("details.history summary").click()
    expect(page.locator("#history-rows tr").first).to_contain_text("xác nhận")
    page.focus("#f-subject")
    page.keyboard.press("Control+A")
    page.keyboard.type("thu hồi đất ở")
    page.keyboard.press("Enter")  # a correction: saved, and in the panel at once
    expect(page.locator("#history-count")).to_have_text("2")
    expect(page.locator("#history-rows tr").first).to_contain_text("thu hồi đất ở")
    shot(page, "gaps-02-history-refreshed")

    # the full-text panel's font is the app's own (no CDN) and has the Vietnamese letters
    page.locator("details.fulltext summary").click()
    family = page.eval_on_selector("details.fulltext pre", "e => getComputedStyle(e).fontFamily")
    assert family.startswith('"DonThu Sans"')
    assert page.evaluate("document.fonts.load('16px \"DonThu Sans\"', 'số').then(f => f.length)") == 1

    page.keyboard.press("Alt+KeyQ")  # leave it in the queue
    page.wait_for_url(base + "/")
    expect(page.locator("table.cases")).to_contain_text("đã để lại")
    expect(start).to_be_focused()
    page.keyboard.press("Enter")  # the next case: not the one just skipped
    page.wait_for_url(f"{base}/cases/{second}")
    page.keyboard.press(
        "Control+Enter"
    )  # nothing flagged here: approved, and the next is not the skipped one
    page.wait_for_url(f"{base}/cases/{third}")
    assert not page.errors, page.errors
    with session_scope() as db:
        rows = [
            (h.field, h.old_value == h.new_value, h.actor)
            for h in db.scalars(
                select(CaseHistory).where(CaseHistory.case_id == flagged).order_by(CaseHistory.id)
            )
        ]
    assert rows == [("address", True, "verifier"), ("subject", False, "verifier")]
