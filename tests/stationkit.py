"""Helpers for the station tests: users, seeded cases with page words (no OCR), login and CSRF."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from fastapi.testclient import TestClient
from PIL import Image, ImageDraw
from sqlalchemy.orm import Session

from donthu.contract import VERIFIABLE_FIELDS
from donthu.storage.models import Case, Document, Page
from donthu.storage.users import create_user

PASSWORD = "mat-khau-rat-dai-1"
ROLES = ("reception", "verifier", "archivist", "supervisor", "admin")

PETITION = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "ĐƠN KHIẾU NẠI",
    "Kính gửi: Ủy ban nhân dân huyện Gia Lâm",
    "Họ và tên: Phan Thị Mai",
    "Địa chỉ: số 5 ngõ 3, xã Đa Tốn",
    "Số CCCD: 001190012345",
    "Về việc: thu hồi đất nông nghiệp",
]


def users(db: Session, extra: tuple[str, ...] = ("verifier2",)) -> None:
    for role in ROLES:
        create_user(db, role, PASSWORD, role, full_name=f"Cán bộ {role}")
    for name in extra:
        create_user(db, name, PASSWORD, "verifier", full_name="Cán bộ xác minh 2")


FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # fonts-dejavu-core: full Vietnamese diacritics


def _font(size: int = 22):
    from PIL import ImageFont

    try:
        return ImageFont.truetype(FONT, size)
    except OSError:
        return None


def page_layout(
    lines: list[str], width: int = 800, left: int = 60, top: int = 60, line_h: int = 34
) -> tuple[str, list[list[Any]]]:
    """Text and word boxes of a page laid out line by line (the OCR word format), measured with the font."""
    font = _font()
    space = font.getlength(" ") if font else 9
    words: list[list[Any]] = []
    for n, line in enumerate(lines):
        x = left
        for token in line.split():
            w = round(font.getlength(token)) if font else 11 * len(token) + 4
            words.append([token, round(x), top + n * line_h, w, 26, 93.0, 1, 1, n + 1])
            x += w + space
    return "\n".join(lines), words


def page_jpeg(
    lines: list[str], width: int = 800, height: int = 1100, drawn: list[str] | None = None
) -> bytes:
    """The page image: ``drawn`` (what the paper says; default ``lines``) at the boxes of ``lines``."""
    img = Image.new("L", (width, height), 250)
    draw = ImageDraw.Draw(img)
    font = _font()
    _text, words = page_layout(lines, width)
    shown = " ".join(drawn or lines).split()
    for w, token in zip(words, shown, strict=False):
        if font:
            draw.text((w[1], w[2]), token, fill=25, font=font)
        else:
            draw.rectangle([w[1], w[2] + 6, w[1] + w[3] - 4, w[2] + 20], fill=60)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80)
    return buf.getvalue()


def spans_for(text: str, values: dict[str, str]) -> dict[str, list[int]]:
    out = {}
    for key, value in values.items():
        i = text.find(value)
        if i >= 0:
            out[key] = [i, i + len(value)]
    return out


def seed_document(
    db: Session,
    *,
    image_key: str,
    text: str = "x",
    words: list | None = None,
    width: int = 800,
    height: int = 1100,
    confidence: float | None = None,
    corrections: list[dict] | None = None,
    **document: Any,
) -> Document:
    """A document (``document``: its columns; status "done" unless given) with its page 1 read by OCR, flushed:
    what ``make_case`` and the station read."""
    doc = Document(**{"status": "done", **document})
    db.add(doc)
    db.flush()
    optional = {"confidence": confidence, "corrections": corrections}
    db.add(
        Page(
            document_id=doc.id,
            page_no=1,
            source="ocr",
            width=width,
            height=height,
            image_key=image_key,
            text=text,
            words=words if words is not None else [],
            **{k: v for k, v in optional.items() if v is not None},
        )
    )
    db.flush()
    return doc


def jpeg_scan(n: int, size: int = 1) -> dict[str, Any]:
    """The columns of document ``n``, a one-page JPEG scan, for :func:`seed_document`."""
    return {
        "sha256": f"{n:064x}",
        "original_name": f"don-{n}.jpg",
        "size": size,
        "object_key": f"originals/{n}",
        "media_type": "jpeg",
        "page_count": 1,
    }


def seed_case(
    db: Session,
    store,
    n: int,
    lines: list[str] | None = None,
    *,
    received_at: dt.datetime | None = None,
    category: str | None = "khieu_nai",
    domain: str | None = "dat_dai",
    name: str | None = "Phan Thị Mai",
    confidence: float = 0.95,
    status: str = "pending_verification",
    corrections: list[dict] | None = None,
) -> Case:
    """One document with one page (JPEG in the object store, words with boxes) and its case."""
    lines = lines or PETITION
    text, words = page_layout(lines)
    key = f"pages/seed/{n:06d}.jpg"
    store.put(key, page_jpeg(lines), "image/jpeg")
    doc = seed_document(
        db,
        **jpeg_scan(n, size=1000),
        image_key=key,
        text=text,
        words=words,
        confidence=93.0,
        corrections=corrections or [],
    )
    values = {
        "recipient": "Ủy ban nhân dân huyện Gia Lâm",
        "name": name or "",
        "address": "số 5 ngõ 3, xã Đa Tốn",
        "id_number": "001190012345",
        "subject": "thu hồi đất nông nghiệp",
        "category": "ĐƠN KHIẾU NẠI",
    }
    conf = dict.fromkeys(VERIFIABLE_FIELDS, 0.97)
    conf["address"] = confidence
    case = Case(
        document_id=doc.id,
        source_pages=[1],
        status=status,
        category=category,
        domain=domain,
        complainant_name=name,
        complainant_address=values["address"],
        complainant_id_number=values["id_number"],
        recipient=values["recipient"],
        subject=values["subject"],
        signatory_count=1,
        anonymous=False,
        text=text,
        confidence=conf,
        extra={"spans": spans_for(text, {k: v for k, v in values.items() if v})},
        received_at=received_at or dt.datetime.now(dt.UTC),
    )
    db.add(case)
    db.flush()
    case.case_id = f"DT-{case.received_at.year}-{case.id:06d}"
    db.flush()
    return case


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf-token" content="([^"]+)"', html) or re.search(
        r'name="csrf" value="([^"]+)"', html
    )
    assert m, "no CSRF token on the page"
    return m.group(1)


def login(client: TestClient, username: str, password: str = PASSWORD) -> int:
    page = client.get("/login")
    token = csrf_of(page.text)
    res = client.post(
        "/login",
        data={"username": username, "password": password, "csrf": token, "next": "/"},
        follow_redirects=False,
    )
    return res.status_code


def token(client: TestClient) -> str:
    """The session's CSRF token (from a page every logged-in role can open)."""
    return csrf_of(client.get("/").text)
