"""Issue 14, tra cứu over HTTP: ``GET /api/search`` (its shape, Vietnamese-aware matching, 422 on a bad filter,
the identity policy, the audit), the /tra-cuu page (results with <mark>, paging, saved searches with CSRF) and the
same-person view /cases/{id}/cung-nguoi (same ID number or name + address, the duplicate group side by side, 404
for another unit's case).

SQLite for the web layer (one world seeded for the module); one smoke test on PostgreSQL (``db_url``).

Units: T (thành phố) → T.BTCD (the home unit), T.P1, T.P2. Accounts: stationkit's one per role (no unit: the home
unit), ``verifier2`` (another verifier of the home unit) and ``p1`` (verifier of the ward T.P1).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from stationkit import PASSWORD, login, seed_case, token, users

from donthu.api.app import create_app
from donthu.config import get_settings, reset_settings
from donthu.handling.units import ensure_units
from donthu.storage.db import dispose_engines, migrate, session_scope
from donthu.storage.models import AuditLog, Case
from donthu.storage.objects import make_store
from donthu.storage.users import create_user, set_unit_code

UNITS = """code,name,kind,parent,abolished_on,successor,remote,parent_name,symbol,place,signer_title,signer_name
T,Thành phố Mẫu,tinh,,,,0,,UBND,Mẫu,CHỦ TỊCH,
T.BTCD,Ban tiếp công dân thành phố,ban_tcd,T,,,0,UBND THÀNH PHỐ MẪU,BTCD,Mẫu,TRƯỞNG BAN,Trần Thị Ban
T.P1,Phường Một,phuong,T,,,0,UBND THÀNH PHỐ MẪU,UBND,Phường Một,CHỦ TỊCH,Ngô Văn Một
T.P2,Phường Hai,phuong,T,,,0,UBND THÀNH PHỐ MẪU,UBND,Phường Hai,CHỦ TỊCH,
"""
AN = "Nguyễn Văn Ân"
AN_ADDRESS = "số 12 đường Lê Lợi, phường Đống Đa"
AN_ID = "001090077788"
KN = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "ĐƠN KHIẾU NẠI",
    "Kính gửi: Ủy ban nhân dân phường Đống Đa",
    f"Họ và tên: {AN}",
    f"Địa chỉ: {AN_ADDRESS}",
    f"Số CCCD: {AN_ID}",
    "Về việc: bồi thường khi thu hồi đất ruộng",
]
DENOUNCER = "Lê Văn Hùng"
TC = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "ĐƠN TỐ CÁO",
    "Kính gửi: Thanh tra thành phố",
    f"Họ và tên: {DENOUNCER}",
    "Địa chỉ: số 7 phố Huế",
    "Tôi tố cáo ông Vũ Văn Tám cán bộ địa chính nhận hối lộ",
    "Về việc: nhận hối lộ khi cấp giấy chứng nhận",
]
NAMESAKE = [line.replace(AN_ADDRESS, "xóm 2, xã Tân Lập").replace(AN_ID, "") for line in KN]
OTHER = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "ĐƠN KIẾN NGHỊ",
    "Kính gửi: Ủy ban nhân dân phường Hai",
    "Họ và tên: Đào Thị Thu",
    "Địa chỉ: số 3 ngõ Chợ",
    "Về việc: tiếng ồn của xưởng gỗ",
]


def _seed(db, store, n: int, lines: list[str], name: str, **kw) -> Case:
    address = kw.pop("address", None)
    id_number = kw.pop("id_number", None)
    unit = kw.pop("unit", None)
    case = seed_case(db, store, n, lines, name=name, **kw)
    case.complainant_address = address or next(
        (ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("Địa chỉ")), None
    )
    case.complainant_id_number = id_number
    case.subject = next((ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("Về việc")), None)
    case.unit_code = unit
    db.flush()
    return case


def _world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, full: bool = False) -> SimpleNamespace:
    """The units, the accounts and the cases; ``full``: also 30 more cases for the paging and a visible case
    linked as a duplicate to the denunciation."""
    path = tmp_path / "units.csv"
    path.write_text(UNITS, encoding="utf-8")
    monkeypatch.setenv("DONTHU_UNITS_FILE", str(path))
    monkeypatch.setenv("DONTHU_HOME_UNIT", "T.BTCD")
    reset_settings()
    settings = get_settings()
    store = make_store(settings)
    now = dt.datetime.now(dt.UTC)
    with session_scope() as db:
        ensure_units(db, settings)
        users(db)
        set_unit_code(db, "test", create_user(db, "p1", PASSWORD, "verifier", "Cán bộ phường Một"), "T.P1")
        an = _seed(db, store, 1, KN, AN, id_number=AN_ID, received_at=now - dt.timedelta(days=40))
        # the same person: the same ID number (a typo in the name), and the same name and address (no ID)
        an_id = _seed(
            db, store, 2, KN, "Nguyễn Văn Ăn", id_number=AN_ID, received_at=now - dt.timedelta(days=20)
        )
        an_addr = _seed(db, store, 3, KN, AN, received_at=now - dt.timedelta(days=10))
        # another person with the same name elsewhere
        namesake = _seed(db, store, 4, NAMESAKE, AN, received_at=now - dt.timedelta(days=5))
        # a denunciation (identity protected) and a duplicate of Ân's first petition
        tc = _seed(db, store, 5, TC, DENOUNCER, category="to_cao", status="verified")
        dup = _seed(db, store, 6, KN, AN, id_number=AN_ID, domain="chinh_sach")
        dup.duplicate_of = an.case_id
        # another unit's case
        p2 = _seed(db, store, 7, OTHER, "Đào Thị Thu", category="kien_nghi", domain="moi_truong", unit="T.P2")
        p2_same = _seed(db, store, 8, KN, AN, id_number=AN_ID, unit="T.P2")
        linked = None
        if full:
            for n in range(30):
                _seed(db, store, 100 + n, OTHER, "Đào Thị Thu", category="kien_nghi", domain="moi_truong")
            linked = _seed(db, store, 50, KN, DENOUNCER, address="số 7 phố Huế")
            linked.duplicate_of = tc.case_id
        db.flush()
        ids = SimpleNamespace(
            linked=linked.case_id if linked else None,
            an=an.case_id,
            an_id=an_id.case_id,
            an_addr=an_addr.case_id,
            namesake=namesake.case_id,
            tc=tc.case_id,
            dup=dup.case_id,
            p2=p2.case_id,
            p2_same=p2_same.case_id,
        )
    return SimpleNamespace(ids=ids, app=create_app(), clients={})


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    """SQLite, seeded once for the module (as conftest's ``data_dir``; the tests only read, or undo what they
    write), with one logged-in client per account: password hashing is what a fresh world per test costs."""
    tmp = tmp_path_factory.mktemp("search-web")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DONTHU_DATA_DIR", str(tmp / "data"))
        mp.setenv("DONTHU_SETTINGS_FILE", str(tmp / "none.toml"))
        for key in (
            "DONTHU_DATABASE_URL",
            "DONTHU_MIGRATION_DATABASE_URL",
            "DONTHU_DB_APP_ROLE",
            "DONTHU_STORAGE",
        ):
            mp.delenv(key, raising=False)
        mp.setenv("DONTHU_WORKERS", "2")
        reset_settings()
        migrate()
        yield _world(tmp, mp, full=True)
        dispose_engines()
        reset_settings()


def _client(world: SimpleNamespace, who: str) -> TestClient:
    """The account's logged-in client (one per world)."""
    if who not in world.clients:
        c = TestClient(world.app)
        assert login(c, who) == 303
        world.clients[who] = c
    return world.clients[who]


def _search(c: TestClient, **params: str) -> dict:
    res = c.get("/api/search", params=params)
    assert res.status_code == 200, res.text
    return res.json()


def _ids(body: dict) -> list[str]:
    return [i["case_id"] for i in body["items"]]


KEYS = {
    "case_id",
    "snippet",
    "score",
    "status",
    "category",
    "domain",
    "received_at",
    "subject",
    "name",
    "unit_code",
    "overdue",
    "url",
}


# ---------------------------------------------------------------------------------------------- the API
def test_the_api_shape(world: SimpleNamespace) -> None:
    c = _client(world, "verifier")
    body = _search(c, q="Nguyễn Văn Ân")
    assert set(body) == {"items", "total"}
    assert body["total"] >= 4 and body["items"]
    assert world.ids.an in _ids(body)
    for item in body["items"]:
        assert set(item) == KEYS
        assert item["url"] == f"/cases/{item['case_id']}"
        assert isinstance(item["score"], float) and isinstance(item["overdue"], bool)
    hit = next(i for i in body["items"] if i["case_id"] == world.ids.an)
    assert "<mark>" in hit["snippet"] and "</mark>" in hit["snippet"]
    assert hit["name"] == AN and hit["category"] == "khieu_nai" and hit["domain"] == "dat_dai"
    assert re.match(r"^\d{4}-\d{2}-\d{2}T", hit["received_at"])
    # ranked: the scores never increase down the list
    scores = [i["score"] for i in body["items"]]
    assert scores == sorted(scores, reverse=True)
    # another unit's cases are not found
    assert world.ids.p2_same not in _ids(body)
    # paging: limit and offset
    first = _search(c, q="Nguyễn Văn Ân", limit="1")
    second = _search(c, q="Nguyễn Văn Ân", limit="1", offset="1")
    assert len(first["items"]) == 1 and len(second["items"]) == 1
    assert first["total"] == second["total"] == body["total"]
    assert first["items"][0]["case_id"] != second["items"][0]["case_id"]


@pytest.mark.parametrize("q", ["nguyen van an", "NGUYỄN VĂN ÂN", "NGUYEN VAN AN", "nGuYeN vAn ÂN"])
def test_without_diacritics_and_in_any_case(world: SimpleNamespace, q: str) -> None:
    body = _search(_client(world, "verifier"), q=q)
    assert {world.ids.an, world.ids.an_addr, world.ids.namesake} <= set(_ids(body))
    assert world.ids.tc not in _ids(body)


def test_id_digits_address_and_d(world: SimpleNamespace) -> None:
    c = _client(world, "verifier")
    assert {world.ids.an, world.ids.an_id, world.ids.dup} <= set(_ids(_search(c, q=AN_ID)))
    by_address = set(_ids(_search(c, q="duong le loi")))
    assert world.ids.an in by_address and world.ids.namesake not in by_address
    # đ = d
    assert world.ids.an in _ids(_search(c, q="dong da"))


def test_filters(world: SimpleNamespace) -> None:
    c = _client(world, "supervisor")
    got = _ids(_search(c, q="nguyen van an", domain="chinh_sach"))
    assert got == [world.ids.dup]
    assert world.ids.tc in _ids(_search(c, status="verified", category="to_cao"))
    today = dt.datetime.now(dt.UTC).date()
    recent = set(_ids(_search(c, q="nguyen van an", **{"from": (today - dt.timedelta(days=15)).isoformat()})))
    assert world.ids.an_addr in recent and world.ids.an not in recent
    old = set(_ids(_search(c, q="nguyen van an", to=(today - dt.timedelta(days=30)).isoformat())))
    assert world.ids.an in old and world.ids.an_addr not in old


@pytest.mark.parametrize(
    "params",
    [
        {"q": "an", "status": "da_xong"},
        {"category": "khieu-nai"},
        {"domain": "dat"},
        {"from": "2025-13-01"},
        {"to": "hôm qua"},
        {"overdue": "có lẽ"},
    ],
)
def test_a_bad_filter_is_a_422_in_vietnamese(world: SimpleNamespace, params: dict[str, str]) -> None:
    res = _client(world, "verifier").get("/api/search", params=params)
    assert res.status_code == 422, res.text
    detail = res.json()["detail"]
    assert isinstance(detail, str) and detail
    assert re.search(r"[àáảãạăâđêôơưíìóòúùýếềệộờ]", detail.lower()), detail  # Vietnamese, with diacritics


def test_the_search_is_audited(world: SimpleNamespace) -> None:
    c = _client(world, "archivist")
    total = _search(c, q="tiếng ồn xưởng gỗ")["total"]
    c.get("/tra-cuu", params={"q": "bồi thường đất ruộng", "domain": "dat_dai"})
    with session_scope() as db:
        rows = db.scalars(
            select(AuditLog).where(AuditLog.action == "search", AuditLog.actor == "archivist")
        ).all()
    api = [r.detail for r in rows if r.detail["q"] == "tiếng ồn xưởng gỗ"]
    web = [r.detail for r in rows if r.detail["q"] == "bồi thường đất ruộng"]
    assert len(api) == 1 and api[0]["total"] == total == 30, api  # once, not twice
    assert len(web) == 1 and web[0]["filters"] == {"domain": "dat_dai"}, web


def test_a_snippet_carries_no_tag_but_mark() -> None:
    from donthu.api.routes.search import _snippet

    assert _snippet("<mark>Ân</mark> &lt;b&gt; <img src=x onerror=alert(1)>") == (
        "<mark>Ân</mark> &lt;b&gt; &lt;img src=x onerror=alert(1)>"
    )


# ---------------------------------------------------------------------------------------------- identity policy
@pytest.mark.parametrize("who", ["reception", "archivist"])
def test_no_match_on_a_hidden_identity(world: SimpleNamespace, who: str) -> None:
    c = _client(world, who)
    for q in ("le van hung", DENOUNCER, "Hùng", "so 7 pho hue"):
        body = _search(c, q=q)
        assert world.ids.tc not in _ids(body), (q, body)
    # found by what is not the identity, without the name anywhere in the answer (snippet, name, subject)
    res = c.get("/api/search", params={"q": "vu van tam hoi lo"})
    assert res.status_code == 200
    hidden = [i for i in res.json()["items"] if i["case_id"] == world.ids.tc]
    for item in hidden:
        assert item["name"] is None
    for text in (res.text, c.get("/tra-cuu", params={"q": "vu van tam hoi lo"}).text):
        assert "Hùng" not in text and "Hung" not in text and "phố Huế" not in text


def test_cleared_roles_find_the_denouncer(world: SimpleNamespace) -> None:
    body = _search(_client(world, "verifier"), q="le van hung")
    hit = next(i for i in body["items"] if i["case_id"] == world.ids.tc)
    assert hit["name"] == DENOUNCER


# ---------------------------------------------------------------------------------------------- the page
def test_the_page_works_without_javascript(world: SimpleNamespace) -> None:
    c = _client(world, "reception")
    empty = c.get("/tra-cuu")
    assert empty.status_code == 200
    assert re.search(r'<input type="search" id="q" name="q"[^>]*autofocus', empty.text)
    assert '<form method="get" action="/tra-cuu"' in empty.text and 'id="hits"' not in empty.text
    page = c.get("/tra-cuu", params={"q": "NGUYEN VAN AN"})
    assert page.status_code == 200
    assert f'href="/cases/{world.ids.an}"' in page.text and "<mark>" in page.text
    assert re.search(r'id="total">\d+ hồ sơ', page.text)
    bad = c.get("/tra-cuu", params={"q": "an", "status": "khong-co"})
    assert bad.status_code == 422 and 'id="search-error"' in bad.text
    # the nav link for every role
    assert 'href="/tra-cuu"' in c.get("/").text


def test_the_page_pages(world: SimpleNamespace) -> None:
    c = _client(world, "verifier")
    first = c.get("/tra-cuu", params={"q": "xuong go"})
    assert "Trang 1/2" in first.text and "page=2" in first.text
    second = c.get("/tra-cuu", params={"q": "xuong go", "page": "2"})
    links = set(re.findall(r'class="hit-link" href="/cases/([^"]+)"', first.text))
    more = set(re.findall(r'class="hit-link" href="/cases/([^"]+)"', second.text))
    assert len(links) == 20 and len(more) == 10 and not links & more


# ---------------------------------------------------------------------------------------------- saved searches
def test_saved_search_round_trip(world: SimpleNamespace) -> None:
    owner = _client(world, "verifier")
    form = {"name": "Đất đai của ông Ân", "q": "nguyen van an", "domain": "dat_dai"}
    refused = owner.post("/tra-cuu/da-luu", data=form, follow_redirects=False)
    assert refused.status_code == 403  # no CSRF token
    res = owner.post("/tra-cuu/da-luu", data={**form, "csrf": token(owner)}, follow_redirects=False)
    assert res.status_code == 303
    page = owner.get("/tra-cuu")
    m = re.search(r'<a href="(/tra-cuu\?[^"]+)">Đất đai của ông Ân</a>', page.text)
    assert m, page.text
    assert "«nguyen van an» · Lĩnh vực: Đất đai" in page.text  # the saved search in words
    run = owner.get(m.group(1).replace("&amp;", "&"))
    assert f'href="/cases/{world.ids.an}"' in run.text and world.ids.dup not in run.text
    sid = re.search(r'action="/tra-cuu/da-luu/(\d+)/xoa"', page.text).group(1)
    # another user neither sees nor deletes it
    other = _client(world, "verifier2")
    assert "Đất đai của ông Ân" not in other.get("/tra-cuu").text
    assert other.post(f"/tra-cuu/da-luu/{sid}/xoa", data={"csrf": token(other)}).status_code == 404
    assert owner.post(f"/tra-cuu/da-luu/{sid}/xoa", data={}, follow_redirects=False).status_code == 403
    assert "Đất đai của ông Ân" in owner.get("/tra-cuu").text
    gone = owner.post(f"/tra-cuu/da-luu/{sid}/xoa", data={"csrf": token(owner)}, follow_redirects=False)
    assert gone.status_code == 303
    assert "Đất đai của ông Ân" not in owner.get("/tra-cuu").text
    # nothing to save, or no name: refused
    t = token(owner)
    assert owner.post("/tra-cuu/da-luu", data={"name": "trống", "csrf": t}).status_code == 422
    assert owner.post("/tra-cuu/da-luu", data={"q": "an", "csrf": t}).status_code == 422


# ---------------------------------------------------------------------------------------------- same person
def _row_ids(html: str, table: str) -> set[str]:
    m = re.search(rf'<table class="[^"]*" id="{table}">(.*?)</table>', html, re.S)
    return set(re.findall(r'href="/cases/([^"]+)"', m.group(1))) if m else set()


def test_same_person_view(world: SimpleNamespace) -> None:
    c = _client(world, "verifier")
    res = c.get(f"/cases/{world.ids.an}/cung-nguoi")
    assert res.status_code == 200
    same = _row_ids(res.text, "same-person")
    assert {world.ids.an_id, world.ids.an_addr, world.ids.dup} <= same
    assert world.ids.namesake not in same and world.ids.tc not in same
    assert world.ids.p2_same not in same  # another unit's
    # the duplicate group side by side: both cases as columns, the differing domain highlighted
    assert _row_ids(res.text, "compare") == {world.ids.an, world.ids.dup}
    assert re.search(r'<tr class="differs" data-field="domain">', res.text)
    assert not re.search(r'<tr class="differs" data-field="name">', res.text)
    with session_scope() as db:
        assert db.scalar(
            select(AuditLog.id).where(AuditLog.action == "view_same_person", AuditLog.case_id == world.ids.an)
        )


def test_same_person_of_another_units_case_is_404(world: SimpleNamespace) -> None:
    assert _client(world, "p1").get(f"/cases/{world.ids.p2}/cung-nguoi").status_code == 404
    assert _client(world, "verifier").get(f"/cases/{world.ids.p2}/cung-nguoi").status_code == 404
    assert _client(world, "verifier").get("/cases/DT-0000-999999/cung-nguoi").status_code == 404


def test_same_person_keeps_a_hidden_identity_hidden(world: SimpleNamespace) -> None:
    visible = world.ids.linked  # a visible case linked as a duplicate to the denunciation
    for who in ("reception", "archivist"):
        c = _client(world, who)
        hidden = c.get(f"/cases/{world.ids.tc}/cung-nguoi")
        assert hidden.status_code == 200 and 'id="identity-hidden"' in hidden.text
        assert DENOUNCER not in hidden.text and "phố Huế" not in hidden.text
        res = c.get(f"/cases/{visible}/cung-nguoi")
        assert res.status_code == 200
        assert world.ids.tc not in _row_ids(res.text, "same-person") | _row_ids(res.text, "compare")
    cleared = _client(world, "verifier").get(f"/cases/{world.ids.tc}/cung-nguoi")
    assert visible in _row_ids(cleared.text, "compare")


# ---------------------------------------------------------------------------------------------- both backends
def test_search_smoke_on_both_backends(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("the module's other tests run on SQLite")
    w = _world(tmp_path, monkeypatch)
    c = _client(w, "verifier")
    body = _search(c, q="NGUYEN VAN AN")
    assert {w.ids.an, w.ids.an_addr} <= set(_ids(body)) and body["total"] >= 4
    assert any("<mark>" in i["snippet"] for i in body["items"])
    assert w.ids.an in _ids(_search(c, q=AN_ID[-6:]))
    assert c.get("/api/search", params={"status": "xyz"}).status_code == 422
    r = _client(w, "reception")
    assert w.ids.tc not in _ids(_search(r, q="le van hung"))
    assert c.get(f"/cases/{w.ids.an}/cung-nguoi").status_code == 200
    t = token(c)
    assert (
        c.post(
            "/tra-cuu/da-luu", data={"name": "x", "q": "an", "csrf": t}, follow_redirects=False
        ).status_code
        == 303
    )
