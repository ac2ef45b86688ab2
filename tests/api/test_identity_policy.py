"""Issue 10, findings 1, 2 and 4: the one identity policy, fail-closed, on every route and search.

A denouncer's identity (name, address, ID, phone, page images, text, words, file name, duplicate links) never
reaches a role that is not cleared for it; uncleared roles get the redacted copy instead of a 403 wall.
Every test runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import io
from types import SimpleNamespace

import numpy as np
import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import select
from stationkit import login, page_layout, seed_case, token, users

from donthu.api.app import create_app
from donthu.config import get_settings
from donthu.ingest.stages import make_case
from donthu.privacy import policy
from donthu.storage import repo
from donthu.storage.db import session_scope
from donthu.storage.models import AuditLog, Case, Document
from donthu.storage.objects import make_store

DENUNCIATION = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "ĐƠN TỐ CÁO",
    "Kính gửi: Thanh tra thành phố Hà Nội",
    "Họ và tên: Trần Quốc Lộc",
    "Địa chỉ: số 12 phố Hàng Bạc, phường Hoàn Kiếm",
    "Số điện thoại: 0946930049",
    "Tôi tố cáo ông Vũ Văn Tám cán bộ địa chính nhận hối lộ",
    "Người tố cáo",
    "Trần Quốc Lộc",
]
# a denunciation whose title says "phản ánh": the classifier was sure (0.997) it is a phản ánh
DISGUISED = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "ĐƠN PHẢN ÁNH",
    "Kính gửi: Ủy ban nhân dân phường Láng",
    "Họ và tên: Đỗ Thị Hạnh",
    "Địa chỉ: số 9 ngõ 4 phố Láng",
    "Chủ tịch phường đã nhận hối lộ để cấp phép xây dựng trái phép",
]
NEUTRAL = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "ĐƠN KHIẾU NẠI",
    "Kính gửi: Ủy ban nhân dân huyện Gia Lâm",
    "Họ và tên: Phan Thị Mai",
    "Địa chỉ: số 5 ngõ 3, xã Đa Tốn",
    "Về việc: thu hồi đất nông nghiệp",
]
UNCLEARED = ("reception", "archivist")
CLEARED = ("verifier", "supervisor", "admin")


def _seed(
    db,
    store,
    n: int,
    lines: list[str],
    *,
    category: str | None,
    name: str,
    cat_conf: float = 0.97,
    file_name: str | None = None,
    phone: str | None = None,
) -> Case:
    case = seed_case(db, store, n, lines, category=category, name=name)
    case.confidence = {**case.confidence, "category": cat_conf}
    case.complainant_phone = phone
    case.complainant_address = next(
        (ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("Địa chỉ")), None
    )
    case.extra = {
        **(case.extra or {}),
        "id_type": "CCCD",
        "place": "Hà Nội",
        "attachments": ["bản sao CCCD"],
        "phone_digits": phone,
    }
    if file_name:
        db.get(Document, case.document_id).original_name = file_name
    db.flush()
    return case


@pytest.fixture()
def world(db_url: str) -> SimpleNamespace:
    store = make_store(get_settings())
    with session_scope() as db:
        users(db)
        loc = _seed(
            db,
            store,
            1,
            DENUNCIATION,
            category="to_cao",
            name="Trần Quốc Lộc",
            phone="0946930049",
            file_name="Don to cao - Tran Quoc Loc - 0946930049.pdf",
        )
        crooked = _seed(db, store, 2, DENUNCIATION, category=None, name="Trần Quốc Lộc", cat_conf=0.0)
        disguised = _seed(db, store, 3, DISGUISED, category="phan_anh", name="Đỗ Thị Hạnh", cat_conf=0.997)
        mai = _seed(db, store, 4, NEUTRAL, category="khieu_nai", name="Phan Thị Mai")
        # the same person's visible case is linked to the hidden denunciation as a duplicate
        other = _seed(db, store, 5, NEUTRAL, category="khieu_nai", name="Phan Thị Mai")
        other.duplicate_of = loc.case_id
        ids = SimpleNamespace(
            loc=loc.case_id,
            crooked=crooked.case_id,
            disguised=disguised.case_id,
            mai=mai.case_id,
            other=other.case_id,
        )
    return SimpleNamespace(ids=ids, app=create_app(), store=store)


def _client(world: SimpleNamespace, role: str) -> TestClient:
    client = TestClient(world.app)
    assert login(client, role) == 303
    return client


# ---------------------------------------------------------------------------------------------- the policy
def test_policy_fails_closed_unit() -> None:
    none = policy.TextSignals()
    sure = {"category": 0.99}
    assert policy.assess(category="to_cao", confidence=sure, signals=none, released=True).protected
    assert policy.assess(category=None, confidence={}, signals=none).protected
    assert policy.assess(category="khieu_nai", confidence={"category": 0.6}, signals=none).protected
    assert not policy.assess(category="khieu_nai", confidence=sure, signals=none).protected
    assert policy.assess(category="khieu_nai", confidence=sure, signals=none, readable=False).protected
    assert policy.assess(category="khieu_nai", confidence=sure, signals=none, id_card=True).protected
    # a denunciation signal anywhere in the text, not only in the title
    body = "ĐƠN KIẾN NGHỊ\nKính gửi: UBND xã\n...\nđề nghị làm rõ việc cán bộ xã tham nhũng tiền đền bù"
    sig = policy.text_signals(body)
    assert "tham nhung" in sig.signals
    assert policy.assess(category="kien_nghi", confidence=sure, signals=sig).protected
    # several contents
    multi = policy.text_signals("ĐƠN KHIẾU NẠI, KIẾN NGHỊ\nvề việc bồi thường")
    assert set(multi.multi) == {"khieu_nai", "kien_nghi"}
    assert policy.assess(category="khieu_nai", confidence=sure, signals=multi).protected
    # a cleared person's confirmation releases anything but a tố cáo
    assert not policy.assess(category="kien_nghi", confidence=sure, signals=sig, released=True).protected
    # who sees what
    protected = SimpleNamespace(identity_protected=True)
    assert policy.may_see_identity("verifier", protected)
    assert not policy.may_see_identity("archivist", protected)
    assert not policy.may_see_identity("archivist", None)
    assert not policy.may_see_identity("archivist", SimpleNamespace())  # no flag at all: closed


def test_every_write_of_a_case_goes_through_the_policy(world: SimpleNamespace) -> None:
    with session_scope() as db:
        cases = {c.case_id: c for c in db.scalars(select(Case))}
        assert cases[world.ids.loc].identity_protected
        assert cases[world.ids.crooked].identity_protected
        assert "no_category" in cases[world.ids.crooked].identity_reasons
        assert cases[world.ids.disguised].identity_protected  # "hối lộ" in the body
        assert any(r.startswith("signal:") for r in cases[world.ids.disguised].identity_reasons)
        assert not cases[world.ids.mai].identity_protected
        # a verifier changing the category to tố cáo protects it at once
        mai = cases[world.ids.mai]
        repo.set_case_field(db, mai, "category", "to_cao", "verifier")
        db.flush()
        assert mai.identity_protected


# ---------------------------------------------------------------------------------------------- finding 1: search
@pytest.mark.parametrize("role", UNCLEARED)
def test_search_never_matches_a_hidden_identity(world: SimpleNamespace, role: str) -> None:
    client = _client(world, role)
    for q in ("Trần Quốc Lộc", "Lộc", "Trần Q", "Đỗ Thị Hạnh"):
        res = client.get("/api/cases", params={"q": q})
        assert res.status_code == 200
        assert res.json()["total"] == 0, q
        page = client.get("/", params={"q": q, "status": ""})
        assert world.ids.loc not in page.text and world.ids.disguised not in page.text
    # letter by letter: no prefix of the hidden name narrows anything down
    for prefix in ("Trầ", "Trần", "Trần Qu", "Lộ"):
        found = {i["case_id"] for i in client.get("/api/cases", params={"q": prefix}).json()["items"]}
        assert world.ids.loc not in found and world.ids.crooked not in found
    # % and _ are characters, not wildcards
    assert client.get("/api/cases", params={"q": "%"}).json()["total"] == 0
    assert client.get("/api/cases", params={"q": "_"}).json()["total"] == 0
    # a visible complainant is still found
    found = {i["case_id"] for i in client.get("/api/cases", params={"q": "Phan Thị Mai"}).json()["items"]}
    assert world.ids.mai in found
    with session_scope() as db:
        searches = list(
            db.scalars(select(AuditLog).where(AuditLog.action == "search", AuditLog.actor == role))
        )
    assert len(searches) >= 10 and {s.detail.get("via") for s in searches} == {"api", "queue"}


def test_cleared_roles_find_the_denouncer(world: SimpleNamespace) -> None:
    client = _client(world, "verifier")
    found = {i["case_id"] for i in client.get("/api/cases", params={"q": "Lộc"}).json()["items"]}
    assert {world.ids.loc, world.ids.crooked} <= found


# ---------------------------------------------------------------------------------------------- finding 2: fail closed
def _dark_under(jpeg: bytes, box: list) -> float:
    img = Image.open(io.BytesIO(jpeg)).convert("L")
    crop = img.crop((box[1], box[2], box[1] + box[3], box[2] + box[4]))
    return float(np.asarray(crop).mean())


@pytest.mark.parametrize("role", UNCLEARED)
@pytest.mark.parametrize("which", ["loc", "crooked", "disguised"])
def test_uncleared_roles_get_the_redacted_copy_of_a_doubtful_case(
    world: SimpleNamespace, role: str, which: str
) -> None:
    case_id = getattr(world.ids, which)
    client = _client(world, role)
    lines = {"disguised": DISGUISED}.get(which, DENUNCIATION)
    name = "Đỗ Thị Hạnh" if which == "disguised" else "Trần Quốc Lộc"
    _text, words = page_layout(lines)
    res = client.get(f"/api/cases/{case_id}/pages/1/image")
    assert res.status_code == 200 and res.headers["content-type"] == "image/jpeg"
    assert "no-store" in res.headers["cache-control"]
    with session_scope() as db:
        case = repo.get_case(db, case_id)
        original = world.store.get(repo.case_pages(db, case)[0].image_key)
    assert res.content != original
    for w in words:  # every word of the name is under a black box; the respondent's name is not
        if w[0] in name.split():
            assert _dark_under(res.content, w) < 40, w
    keep = next(w for w in words if w[0] in ("Kính",))
    assert _dark_under(res.content, keep) > 150
    data = client.get(f"/api/cases/{case_id}").json()
    assert data["identity_hidden"] is True
    assert data["complainant"] == dict.fromkeys(policy.IDENTITY_FIELDS, policy.HIDDEN)
    assert name not in str(data)
    pages = client.get(f"/api/cases/{case_id}/pages").json()
    assert pages[0]["redacted"] is True and "words" not in pages[0]
    assert name.split()[-1] not in pages[0]["text"]
    html = client.get(f"/cases/{case_id}").text
    assert name not in html and "Bản lược danh tính" in html
    pdf = client.get(f"/api/cases/{case_id}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize("role", CLEARED)
def test_cleared_roles_see_the_original(world: SimpleNamespace, role: str) -> None:
    client = _client(world, role)
    res = client.get(f"/api/cases/{world.ids.loc}/pages/1/image")
    with session_scope() as db:
        case = repo.get_case(db, world.ids.loc)
        original = world.store.get(repo.case_pages(db, case)[0].image_key)
    assert res.content == original
    assert client.get(f"/api/cases/{world.ids.loc}").json()["complainant"]["name"] == "Trần Quốc Lộc"


def test_approval_by_a_cleared_verifier_releases_a_non_denunciation(world: SimpleNamespace) -> None:
    with session_scope() as db:
        case = repo.get_case(db, world.ids.disguised)
        repo.approve_case(db, case, "verifier")
    client = _client(world, "archivist")
    data = client.get(f"/api/cases/{world.ids.disguised}").json()
    assert data["complainant"]["name"] == "Đỗ Thị Hạnh"
    # a tố cáo stays protected whoever approved it
    with session_scope() as db:
        repo.approve_case(db, repo.get_case(db, world.ids.loc), "verifier")
    assert client.get(f"/api/cases/{world.ids.loc}").json()["identity_hidden"] is True


# ---------------------------------------------------------------------------------------------- finding 4: other leaks
@pytest.mark.parametrize("role", UNCLEARED)
def test_no_file_name_duplicate_link_extras_or_identity_confidence_leaks(
    world: SimpleNamespace, role: str
) -> None:
    client = _client(world, role)
    data = client.get(f"/api/cases/{world.ids.loc}").json()
    blob = str(data)
    assert "Tran Quoc Loc" not in blob and "0946930049" not in blob
    assert data["source_file"].startswith("tep-")
    for key in ("id_type", "place", "attachments", "phone_digits", "signers", "id_digits"):
        assert key not in data
    assert data["signatory_count"] is None and data["anonymous"] is None
    assert not set(data["confidence"]) & {
        "name",
        "address",
        "id_number",
        "phone",
        "signatory_count",
        "anonymous",
    }
    # the visible case of the same person does not point at the hidden denunciation
    other = client.get(f"/api/cases/{world.ids.other}").json()
    assert other["duplicate_of"] is None
    listing = client.get("/api/cases", params={"limit": 500}).json()
    assert "Tran Quoc Loc" not in str(listing) and world.ids.loc not in {
        i.get("duplicate_of") for i in listing["items"]
    }
    assert "Tran Quoc Loc" not in client.get("/", params={"status": ""}).text
    assert "Tran Quoc Loc" not in client.get("/documents", params={"status": ""}).text
    assert "Tran Quoc Loc" not in client.get("/api/documents").text
    assert "Tran Quoc Loc" not in client.get(f"/cases/{world.ids.loc}").text
    if role == "reception":
        assert "Tran Quoc Loc" not in client.get(f"/cases/{world.ids.loc}/receipt").text


def test_cleared_roles_keep_the_original_file_name_and_duplicate_link(world: SimpleNamespace) -> None:
    client = _client(world, "supervisor")
    assert client.get(f"/api/cases/{world.ids.loc}").json()["source_file"].startswith("Don to cao")
    assert client.get(f"/api/cases/{world.ids.other}").json()["duplicate_of"] == world.ids.loc


def test_an_edited_identity_field_is_masked_in_the_next_redacted_copy(world: SimpleNamespace) -> None:
    archivist = _client(world, "archivist")
    first = archivist.get(f"/api/cases/{world.ids.loc}/pages/1/image").content
    verifier = _client(world, "verifier")
    csrf = token(verifier)
    assert (
        verifier.post(f"/api/cases/{world.ids.loc}/claim", headers={"X-CSRF-Token": csrf}).status_code == 200
    )
    res = verifier.post(
        f"/api/cases/{world.ids.loc}/fields",
        headers={"X-CSRF-Token": csrf},
        json={"field": "address", "value": "Thanh tra thành phố Hà Nội"},
    )
    assert res.status_code == 200, res.text
    second = archivist.get(f"/api/cases/{world.ids.loc}/pages/1/image").content
    assert second != first
    _text, words = page_layout(DENUNCIATION)
    thanh = next(w for w in words if w[0] == "Thanh")
    assert _dark_under(second, thanh) < 40


def test_a_cleared_verifier_reviews_and_extends_the_redacted_copy(world: SimpleNamespace) -> None:
    verifier = _client(world, "verifier")
    page = verifier.get(f"/cases/{world.ids.loc}/redacted")
    assert page.status_code == 200 and "chưa kiểm tra" in page.text
    assert _client(world, "archivist").get(f"/cases/{world.ids.loc}/redacted").status_code == 403
    _text, words = page_layout(DENUNCIATION)
    vu = next(w for w in words if w[0] == "Tám")  # a name the machine did not mask (the respondent)
    before = verifier.get(f"/api/cases/{world.ids.loc}/pages/1/redacted").content
    assert _dark_under(before, vu) > 150
    res = verifier.post(
        f"/api/cases/{world.ids.loc}/redaction",
        headers={"X-CSRF-Token": token(verifier)},
        json={"boxes": {"1": [[vu[1], vu[2], vu[3], vu[4]]]}, "reviewed": True},
    )
    assert res.status_code == 200 and res.json()["added"] == 1
    after = _client(world, "reception").get(f"/api/cases/{world.ids.loc}/pages/1/image").content
    assert _dark_under(after, vu) < 40
    assert "đã kiểm tra (verifier)" in verifier.get(f"/cases/{world.ids.loc}/redacted").text
    with session_scope() as db:
        assert db.scalar(select(AuditLog).where(AuditLog.action == "review_redaction")) is not None


def test_hand_off_export_strips_the_denouncer(world: SimpleNamespace, tmp_path) -> None:
    import json

    from typer.testing import CliRunner

    from donthu.cli import app

    out = tmp_path / "handoff.jsonl"
    res = CliRunner().invoke(app, ["export", "--format", "jsonl", "--redact", "-o", str(out)])
    assert res.exit_code == 0, res.output
    rows = {r["case_id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    loc = rows[world.ids.loc]
    blob = json.dumps(loc, ensure_ascii=False)
    assert "Lộc" not in blob and "0946930049" not in blob and "Hàng Bạc" not in blob
    assert loc["complainant"]["name"] == policy.HIDDEN and loc["source_file"].startswith("tep-")
    assert "nhận hối lộ" in loc["text"]  # the matter itself is handed on
    assert rows[world.ids.mai]["complainant"]["name"] == "Phan Thị Mai"  # not protected: as it is


DISGUISED_NO_WORDS = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nĐƠN PHẢN ÁNH\n"
    "Kính gửi: Ủy ban nhân dân quận Hai Bà Trưng\nTôi tên là Nguyễn Thị Lan, cư trú tại phường Bạch Mai.\n"
    "Ông Trần Văn Đức, cán bộ địa chính phường, đã yêu cầu các hộ dân nộp mỗi hộ 20 triệu đồng mới ký hồ sơ "
    "cấp giấy chứng nhận quyền sử dụng đất, không có biên lai.\n"
    "Đề nghị cơ quan có thẩm quyền xác minh, xử lý nghiêm hành vi sai phạm của ông Đức.\n"
    "Người viết đơn\nNguyễn Thị Lan"
)
PLAIN_COMPLAINT = (
    "ĐƠN KHIẾU NẠI\nKính gửi: Chủ tịch Ủy ban nhân dân huyện Gia Lâm\nTôi tên là Phan Thị Mai, địa chỉ xã Đa Tốn.\n"
    "Ngày 5/3/2024 Ủy ban nhân dân huyện ban hành quyết định thu hồi 300 m2 đất nông nghiệp của gia đình tôi "
    "nhưng mức bồi thường thấp hơn giá thị trường.\nTôi không đồng ý với quyết định này, đề nghị xem xét lại "
    "mức bồi thường.\nNgười khiếu nại\nPhan Thị Mai"
)


def test_a_denunciation_without_the_word_is_protected_by_its_content(db_url: str) -> None:
    """Titled "ĐƠN PHẢN ÁNH", no "tố cáo" anywhere: the trained model reads the content, title left out."""
    from donthu.nlp.classify import denunciation_probability

    assert not policy.text_signals(DISGUISED_NO_WORDS).signals  # no wording gives it away
    assert denunciation_probability(DISGUISED_NO_WORDS) >= policy.MODEL_SUSPECT
    assert denunciation_probability(PLAIN_COMPLAINT) < policy.MODEL_SUSPECT
    with session_scope() as db:
        doc = Document(sha256="a" * 64, original_name="x.pdf", size=1, object_key="k", status="done")
        db.add(doc)
        db.flush()
        disguised = make_case(db, doc, [1], DISGUISED_NO_WORDS)
        plain = make_case(db, doc, [2], PLAIN_COMPLAINT)
        # TT 05/2021 art. 6(1): the content decides, not the title: read as a denunciation, and protected
        assert disguised.category == "to_cao"
        assert disguised.identity_protected and any(
            r.startswith("model:") for r in disguised.identity_reasons
        )
        assert plain.category == "khieu_nai" and not plain.identity_protected, plain.identity_reasons
