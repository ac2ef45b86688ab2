"""Server-side response times of the verification station with 10,000 cases (target: p95 under 200 ms).

    python bench/station_p95.py [--cases 10000] [--requests 300] [--db-url URL] [--keep DIR]

Seeds an empty data directory (SQLite by default; ``--db-url postgresql://...`` for an empty PostgreSQL
database) with ``--cases`` cases in bulk inserts: one document and one page each, every page with about 200
OCR words and boxes, every case with its text, confidences and extraction spans. Then, in-process through
the ASGI app (Starlette's TestClient) logged in as a verifier, it times many requests of:

- the queue page (``/``, pending cases in deadline order, first pages and later pages, with and without the
  category/domain/low-confidence filters);
- the case page (``/cases/{id}`` of random cases: the form, the word boxes, the field-to-word mapping, the
  claim of the lock and the audit record it writes).

The time measured is server-side: from the ASGI call into the app to the last byte of its response, around
all middleware (sessions, security headers). Prints p50, p95, p99 and max per page in milliseconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from donthu import contract

TARGET_MS = 200.0
WORDS = (
    "Tôi tên là Nguyễn Văn An sinh năm 1960 hiện cư trú tại thôn Đông xã Bình Minh huyện Thanh Oai "
    "thành phố Hà Nội số định danh cá nhân 001060012345 điện thoại 0912345678 nay tôi làm đơn này khiếu "
    "nại quyết định thu hồi đất của Ủy ban nhân dân huyện về việc bồi thường hỗ trợ tái định cư không "
    "đúng quy định gây thiệt hại cho gia đình tôi đề nghị cơ quan có thẩm quyền xem xét giải quyết"
).split()
# the case contract's codes and the fields a verifier checks (the confidences the queue filters on)
CATEGORIES, DOMAINS, FIELDS = contract.CATEGORIES, contract.DOMAINS, contract.VERIFIABLE_FIELDS


def page_words(rng: random.Random, n: int = 200, tokens: list[str] = WORDS) -> tuple[str, list[list]]:
    """A page's text and OCR words (text, box, confidence, block/line numbers) drawn from ``tokens``."""
    words, lines, line, x, y = [], [], [], 60, 80
    for i in range(n):
        t = tokens[(i + rng.randrange(3)) % len(tokens)]
        w = 14 * len(t)
        if x + w > 1600:
            lines.append(" ".join(line))
            line, x, y = [], 60, y + 46
        words.append([t, x, y, w, 34, round(rng.uniform(55, 97), 1), 1, 1, len(lines) + 1])
        line.append(t)
        x += w + 16
    lines.append(" ".join(line))
    return "\n".join(lines), words


def seed(db_url: str, n_cases: int, store) -> list[str]:
    """``n_cases`` cases in bulk inserts of 1,000 (a document, a page with its words and a case each), and a
    verifier account; returns the case ids."""
    from donthu.storage.db import session_scope
    from donthu.storage.users import create_user

    rng = random.Random(55)
    store.put("pages/bench/p.jpg", _blank_page_jpeg(), "image/jpeg")
    t0 = time.perf_counter()
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=60)
    chunk = 1000
    ids: list[str] = []
    with session_scope(db_url) as db:
        create_user(db, "bench-verifier", "bench-password-1", "verifier")
    for base in range(0, n_cases, chunk):
        ids += _seed_chunk(db_url, rng, start, base, min(chunk, n_cases - base))
    print(f"seeded {n_cases} cases (with pages and words) in {time.perf_counter() - t0:.1f} s")
    return ids


def _blank_page_jpeg() -> bytes:
    from io import BytesIO

    from PIL import Image

    buf = BytesIO()
    Image.new("L", (1700, 2200), 245).save(buf, "JPEG", quality=60)
    return buf.getvalue()


def _seed_chunk(db_url: str, rng: random.Random, start: dt.datetime, base: int, n: int) -> list[str]:
    """Cases ``base + 1`` .. ``base + n`` in one transaction: documents, then pages, then cases."""
    from sqlalchemy import insert

    from donthu.storage.db import session_scope
    from donthu.storage.models import Case, Document, Page

    with session_scope(db_url) as db:
        db.execute(insert(Document), [_document_row(base + i + 1, start) for i in range(n)])
        pages, cases = [], []
        for i in range(n):
            k = base + i + 1
            text, words = page_words(rng)
            pages.append(_page_row(k, text, words))
            cases.append(_case_row(k, rng, start, text))
        db.execute(insert(Page), pages)
        db.execute(insert(Case), cases)
    return [c["case_id"] for c in cases]


def _document_row(k: int, start: dt.datetime) -> dict:
    return {
        "id": k,
        "sha256": f"{k:064x}",
        "original_name": f"scan-{k}.pdf",
        "size": 1000,
        "media_type": "pdf",
        "object_key": f"originals/{k}",
        "status": "done",
        "page_count": 1,
        "created_at": start,
        "updated_at": start,
    }


def _page_row(k: int, text: str, words: list[list]) -> dict:
    return {
        "document_id": k,
        "page_no": 1,
        "source": "ocr",
        "rotation": 0,
        "width": 1700,
        "height": 2200,
        "image_key": "pages/bench/p.jpg",
        "text": text,
        "words": words,
        "confidence": 88.0,
        "corrections": [],
        "blank": False,
        "needs_manual": False,
        "ocr_seconds": 1.0,
    }


def _case_row(k: int, rng: random.Random, start: dt.datetime, text: str) -> dict:
    received = start + dt.timedelta(minutes=8 * k + rng.randrange(5))
    conf = {f: round(rng.uniform(0.55, 1.0), 3) for f in FIELDS}
    name_at = text.find("Nguyễn Văn An")
    return {
        "id": k,
        "case_id": f"DT-{received.year}-{k:06d}",
        "document_id": k,
        "source_pages": [1],
        "status": "pending_verification" if rng.random() < 0.8 else "verified",
        "category": rng.choice(CATEGORIES),
        "domain": rng.choice(DOMAINS),
        "complainant_name": "Nguyễn Văn An",
        "complainant_address": "thôn Đông, xã Bình Minh",
        "complainant_id_number": "001060012345",
        "complainant_phone": "0912345678",
        "recipient": "Ủy ban nhân dân huyện Thanh Oai",
        "respondent": None,
        "subject": "bồi thường hỗ trợ tái định cư",
        "petition_date": None,
        "signatory_count": 1,
        "anonymous": False,
        "duplicate_of": None,
        "text": text,
        "confidence": conf,
        "extra": {
            "spans": {"name": [name_at, name_at + 13]} if name_at >= 0 else {},
            "domain_scores": {d: 0.1 for d in DOMAINS},
        },
        "min_confidence": min(conf.values()),
        "received_at": received,
        "created_at": received,
        "updated_at": received,
    }


class Timed:
    """ASGI wrapper: server-side time of each request, around the whole app and its middleware."""

    def __init__(self, app) -> None:
        self.app = app
        self.times: list[float] = []

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        t0 = time.perf_counter()
        await self.app(scope, receive, send)
        self.times.append((time.perf_counter() - t0) * 1000)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def measure(client, timed: Timed, urls: list[str]) -> list[float]:
    timed.times.clear()
    for u in urls:
        r = client.get(u)
        if r.status_code != 200:
            raise SystemExit(f"{u}: HTTP {r.status_code}")
    return list(timed.times)


def station_client(settings, username: str, password: str, wrap=Timed) -> tuple[Timed, object]:
    """The app in-process behind the timing wrapper (``wrap(app)``), and a client logged in as ``username``."""
    import re

    from fastapi.testclient import TestClient

    from donthu.api.app import create_app

    timed = wrap(create_app(settings))
    client = TestClient(timed)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    r = client.post(
        "/login", data={"username": username, "password": password, "csrf": token}, follow_redirects=False
    )
    assert r.status_code == 303, r.status_code
    return timed, client


def station_urls(rng: random.Random, n: int, ids: list[str]) -> tuple[list[str], list[str]]:
    """``n`` queue-page URLs (first page, later pages, category + low-confidence, domain over all statuses) and
    ``n`` case-page URLs of random cases of ``ids``."""
    queue_urls = []
    for i in range(n):
        kind = i % 4
        if kind == 0:
            queue_urls.append("/")
        elif kind == 1:
            queue_urls.append(f"/?page={rng.randint(2, 150)}")
        elif kind == 2:
            queue_urls.append(f"/?category={rng.choice(CATEGORIES)}&low=1")
        else:
            queue_urls.append(f"/?domain={rng.choice(DOMAINS)}&status=")
    return queue_urls, [f"/cases/{rng.choice(ids)}" for _ in range(n)]


def time_station(client, timed: Timed, queue_urls: list[str], case_urls: list[str]) -> dict[str, list[float]]:
    """Server-side milliseconds of each request, after a warm-up of 20 of each."""
    measure(client, timed, queue_urls[:20] + case_urls[:20])  # warm-up
    return {"queue page": measure(client, timed, queue_urls), "case page": measure(client, timed, case_urls)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=300, help="timed requests per page kind")
    ap.add_argument(
        "--db-url", default="", help="an empty database (default: SQLite in a temporary directory)"
    )
    ap.add_argument("--keep", default="", help="use this data directory and keep it")
    args = ap.parse_args()

    data = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="donthu-bench-"))
    os.environ["DONTHU_DATA_DIR"] = str(data)
    os.environ["DONTHU_SETTINGS_FILE"] = str(data / "none.toml")
    if args.db_url:
        os.environ["DONTHU_DATABASE_URL"] = args.db_url
    from donthu.config import get_settings, reset_settings
    from donthu.storage.db import migrate
    from donthu.storage.objects import make_store

    reset_settings()
    settings = get_settings()
    migrate(settings.db_url)  # as the entry points do
    ids = seed(settings.db_url, args.cases, make_store(settings))
    timed, client = station_client(settings, "bench-verifier", "bench-password-1")
    queue_urls, case_urls = station_urls(random.Random(7), args.requests, ids)
    n = args.requests
    results = time_station(client, timed, queue_urls, case_urls)
    db = settings.db_url.split(":", 1)[0]
    print(f"\n{args.cases} cases, {db}, {n} requests each, server-side milliseconds")
    print(f"{'page':<12} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}  target p95 < {TARGET_MS:.0f} ms")
    ok = True
    for name, times in results.items():
        p95 = pct(times, 95)
        ok &= p95 < TARGET_MS
        print(
            f"{name:<12} {statistics.median(times):7.1f} {p95:7.1f} {pct(times, 99):7.1f} {max(times):7.1f}  "
            f"{'ok' if p95 < TARGET_MS else 'TOO SLOW'}"
        )
    if not args.keep:
        import shutil

        from donthu.storage.db import dispose_engines

        dispose_engines()
        shutil.rmtree(data, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
