"""Search speed at scale (issue 14; target p95 ≤ 200 ms at 100,000 cases on SQLite and PostgreSQL).

    python bench/search_speed.py [--n 100000] [--pg URL] [--no-pg] [--no-sqlite] [--rounds 3] [--seed 14]

For each backend (SQLite in a temporary file; PostgreSQL in a temporary database made with ``--pg``, a
superuser's URL, default postgresql://postgres@127.0.0.1:5432/test, dropped at the end) it seeds ``--n``
generated petitions in bulk inserts (a document, a page and a case each: Vietnamese names drawn with their real
frequencies, addresses from the bundled province's wards, 12-digit CCCD numbers, phone numbers written in three
ways, subjects and about 1 KB of petition text; tố cáo and unsure cases protected, with their redacted copy;
cases spread over units, some forwarded, handling stages and due dates), builds the search index with the code
the app uses (``storage.search_index.reindex_connection``: the same rows the after-flush listener writes), then
times ``search.query.search`` (one session and commit per search, as a request: unit scope, identity policy,
ranking, snippets, audit row) over a mixed query set as a reception clerk and as a supervisor:
diacritic-free and upper-case names, full ID numbers, partial phone numbers, address and subject words,
filters (category, overdue, status, dates), case numbers and queries that find nothing.

The BASELINE is the search the app had before (``storage.repo.list_cases`` with ``q``: LIKE on case number,
name and subject, unit scope as the lists apply it), timed over the same queries in the same process; it finds
far less (no folding, no ID, phone or address), which the hit counts show. Prints p50/p95/p99 per backend.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from types import SimpleNamespace
from typing import Any

TARGET_MS = 200.0
VERBOSE = 0  # --slowest N: list the N slowest queries
SURNAMES = [("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 4), ("Huỳnh", 4), ("Phan", 4)]
SURNAMES += [
    ("Vũ", 3),
    ("Võ", 3),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 1.5),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1),
]
SURNAMES += [("Lý", 0.5), ("Đinh", 0.5), ("Trương", 0.5), ("Lâm", 0.4), ("Mai", 0.3)]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Đức", "Quốc", "Thị Thu", "Thị Ngọc", "Công", "Xuân"]
GIVEN = (
    "An Anh Bình Cường Dũng Đạt Định Giang Hà Hải Hạnh Hiếu Hòa Hoa Hùng Hương Khánh Lan Linh Long Mai Minh "
    "Nam Nga Ngân Nhung Phong Phúc Phương Quân Quang Sơn Tâm Thảo Thắng Thanh Thủy Tiến Trang Trung Tuấn Tú "
    "Uyên Vân Việt Vinh Xuân Yến Lộc Lợi Đông Hưng Khoa Bảo Châu Diệp Đào Hằng Kiên Loan Nhân"
).split()
STREETS = (
    "Lê Lợi|Nguyễn Huệ|Hai Bà Trưng|Trần Hưng Đạo|Lý Thường Kiệt|Cách Mạng Tháng Tám|Điện Biên Phủ|"
    "Nguyễn Thị Minh Khai|Võ Văn Tần|Phạm Ngũ Lão|Lê Văn Sỹ|Hoàng Văn Thụ|Phan Đăng Lưu|Nơ Trang Long|"
    "Quang Trung|Tô Ký|Lũy Bán Bích|Âu Cơ|Kinh Dương Vương|Huỳnh Tấn Phát"
).split("|")
SUBJECTS = {
    "dat_dai": [
        "thu hồi đất nông nghiệp không bồi thường thỏa đáng",
        "bồi thường, hỗ trợ tái định cư dự án mở rộng đường",
        "cấp giấy chứng nhận quyền sử dụng đất chậm",
        "tranh chấp ranh giới đất với hộ liền kề",
    ],
    "nha_tai_san": ["xây dựng trái phép lấn chiếm lối đi chung", "cấp phép xây dựng sai quy hoạch"],
    "chinh_sach": [
        "chế độ chính sách người có công chưa được giải quyết",
        "chậm chi trả trợ cấp bảo hiểm xã hội",
    ],
    "tu_phap": ["cưỡng chế thi hành án không đúng quy định", "giải quyết hồ sơ đăng ký hộ tịch kéo dài"],
    "tham_nhung": [
        "cán bộ địa chính nhận tiền của người dân",
        "lợi dụng chức vụ trục lợi trong giải phóng mặt bằng",
    ],
    "moi_truong": [
        "ô nhiễm môi trường do cơ sở sản xuất gây ra",
        "tiếng ồn và khói bụi của công trình ban đêm",
    ],
    "khac": ["quyết định xử phạt vi phạm hành chính không đúng", "ngập úng kéo dài trong khu dân cư"],
}
GENERAL = [
    "Tôi đã nhiều lần liên hệ với bộ phận một cửa nhưng chỉ được hẹn lại mà không có văn bản trả lời.",
    "Việc làm này gây thiệt hại nghiêm trọng đến đời sống và sinh hoạt của gia đình tôi.",
    "Tôi gửi kèm theo đơn này bản sao các giấy tờ có liên quan để cơ quan xem xét.",
    "Kính đề nghị cơ quan có thẩm quyền kiểm tra, xác minh và giải quyết dứt điểm vụ việc.",
    "Đến nay đã quá thời hạn giải quyết theo quy định nhưng hồ sơ vẫn chưa được xử lý.",
    "Tôi cam đoan những nội dung trình bày trên là đúng sự thật và chịu trách nhiệm trước pháp luật.",
    "Trước đó tôi đã có đơn gửi phường nhưng chưa nhận được văn bản trả lời.",
    "Gia đình tôi thuộc diện hộ nghèo, có mẹ già và con nhỏ đang đi học.",
    "Rất mong được quý cơ quan quan tâm xem xét.",
    "Tôi xin trân trọng cảm ơn.",
]
# what petitions of each domain talk about (words concentrate by domain, as in real petitions)
TOPICS = {
    "dat_dai": [
        "Gia đình tôi sử dụng ổn định thửa đất này từ năm {y}, không có tranh chấp với ai.",
        "Ủy ban nhân dân quận ban hành quyết định thu hồi đất số {n}/QĐ-UBND nhưng không thông báo trước.",
        "Mức bồi thường áp dụng thấp hơn nhiều so với giá thị trường tại thời điểm thu hồi.",
        "Hộ liền kề tự ý xây tường rào lấn sang phần đất của gia đình tôi khoảng {m} mét vuông.",
        "Hồ sơ cấp giấy chứng nhận quyền sử dụng đất nộp từ tháng {mo}/{y2} đến nay chưa có kết quả.",
        "Thửa đất số {n}, tờ bản đồ số {m} bị đo đạc sai diện tích so với thực tế.",
    ],
    "nha_tai_san": [
        "Công trình xây dựng bên cạnh thi công làm nứt tường nhà tôi ở nhiều vị trí.",
        "Chủ đầu tư chậm bàn giao căn hộ đã quá {m} tháng so với hợp đồng.",
        "Việc cấp phép xây dựng cho công trình cao tầng trong hẻm nhỏ là sai quy hoạch.",
        "Tôi đã đóng đủ tiền mua nhà nhưng chưa được cấp giấy chứng nhận quyền sở hữu.",
    ],
    "chinh_sach": [
        "Bố tôi là thương binh hạng {m}/4 nhưng chưa được hưởng trợ cấp theo quy định.",
        "Hồ sơ hưởng chế độ bảo hiểm xã hội một lần nộp từ tháng {mo}/{y2} vẫn chưa được chi trả.",
        "Gia đình tôi đủ điều kiện hộ cận nghèo nhưng không có tên trong danh sách bình xét.",
        "Chế độ người có công với cách mạng của mẹ tôi bị cắt mà không có lý do.",
    ],
    "tu_phap": [
        "Bản án số {n}/DS-ST đã có hiệu lực nhưng cơ quan thi hành án chưa tổ chức thi hành.",
        "Việc cưỡng chế thi hành án ngày {d}/{mo} không lập biên bản kê biên tài sản.",
        "Hồ sơ đăng ký khai sinh cho con tôi bị trả lại nhiều lần không rõ lý do.",
    ],
    "tham_nhung": [
        "Cán bộ phụ trách yêu cầu nộp thêm các khoản chi phí không có trong quy định.",
        "Có dấu hiệu lợi dụng chức vụ để trục lợi trong việc xét duyệt hồ sơ bồi thường.",
        "Cán bộ địa chính nhận tiền của người dân để làm nhanh thủ tục.",
    ],
    "moi_truong": [
        "Cơ sở sản xuất xả nước thải chưa qua xử lý ra kênh, gây mùi hôi suốt nhiều tháng.",
        "Công trình thi công vào ban đêm gây tiếng ồn lớn, ảnh hưởng đến sức khỏe người dân.",
        "Bãi rác tự phát ở đầu hẻm không được thu gom, gây ô nhiễm môi trường.",
    ],
    "khac": [
        "Đường dây điện trước nhà bị võng thấp, rất nguy hiểm cho người đi đường.",
        "Tuyến đường trong khu phố bị ngập sâu mỗi khi mưa lớn.",
        "Giấy tờ tùy thân của tôi bị thất lạc khi làm thủ tục tại trụ sở phường.",
    ],
}
CATEGORIES = [("khieu_nai", 45), ("to_cao", 15), ("kien_nghi", 25), ("phan_anh", 15)]
DOMAINS = [("dat_dai", 40), ("nha_tai_san", 15), ("chinh_sach", 15), ("tu_phap", 8), ("tham_nhung", 7)]
DOMAINS += [("moi_truong", 8), ("khac", 7)]
STAGES = ["cho_xu_ly", "thu_ly", "giai_quyet", "co_ket_qua", "cho_phuc_dap", "luu_don", "ket_thuc"]
HOME = "HCM.BTCD"
COPY_INDEX_FROM = 200_000  # PostgreSQL seeds from this size get their index rows by COPY (copy_index)
Shape = Callable[[int, dict, dict, dict], None]  # (k, case row, page row, extra) -> None, changes the rows


def pick(rng: random.Random, weighted: list[tuple[str, float]]) -> str:
    return rng.choices([w for w, _ in weighted], [p for _, p in weighted])[0]


def wards() -> list[tuple[str, str]]:
    import csv

    from donthu.handling.units import default_units_path

    with open(default_units_path(), encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    return [(r["code"], r["name"]) for r in rows if r["kind"] in ("phuong", "xa") and not r["abolished_on"]]


class Gen:
    """Generated petitions: the fields, the text, the redacted copy."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.wards = wards()
        self.start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
        self.today = dt.date.today()

    def phone_written(self, digits: str) -> str:
        style = self.rng.randrange(3)
        if style == 0:
            return digits
        sep = " " if style == 1 else "."
        return f"{digits[:4]}{sep}{digits[4:7]}{sep}{digits[7:]}"

    def case(self, k: int) -> tuple[dict, dict, dict]:
        rng = self.rng
        name = f"{pick(rng, SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        ward_code, ward = rng.choice(self.wards)
        address = f"số {rng.randrange(1, 400)} đường {rng.choice(STREETS)}, {ward}, Thành phố Hồ Chí Minh"
        id_number = f"079{rng.choice('0123')}{rng.randrange(40, 99)}{rng.randrange(10**6):06d}"
        phone = f"09{rng.randrange(10**8):08d}"
        domain = pick(rng, DOMAINS)
        subject = rng.choice(SUBJECTS[domain])
        category = pick(rng, CATEGORIES)
        title = {"khieu_nai": "ĐƠN KHIẾU NẠI", "to_cao": "ĐƠN TỐ CÁO", "kien_nghi": "ĐƠN KIẾN NGHỊ"}.get(
            category, "ĐƠN PHẢN ÁNH"
        )
        facts = {"y": rng.randrange(1975, 2015), "y2": rng.randrange(2019, 2025), "n": rng.randrange(1, 9999)}
        facts |= {"m": rng.randrange(2, 90), "mo": rng.randrange(1, 13), "d": rng.randrange(1, 29)}
        topic = rng.sample(TOPICS[domain], min(len(TOPICS[domain]), rng.randrange(2, 5)))
        body = " ".join([s.format(**facts) for s in topic] + rng.sample(GENERAL, rng.randrange(2, 4)))
        ident = (
            f"Tôi tên là {name}, sinh năm {rng.randrange(1945, 2000)}, số CCCD {id_number}, điện thoại "
            f"{self.phone_written(phone)}, địa chỉ thường trú: {address}."
        )
        head = f"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n{title}\nKính gửi: Ủy ban nhân dân {ward}"
        text = f"{head}\n{ident}\nVề việc: {subject}.\n{body}\nNgười làm đơn\n{name}"
        protected = category == "to_cao" or rng.random() < 0.08
        redacted = (
            f"{head}\nTôi tên là [đã lược bỏ].\nVề việc: {subject}.\n{body}\nNgười làm đơn\n[đã lược bỏ]"
            if protected and rng.random() < 0.9
            else None
        )
        received = self.start + dt.timedelta(minutes=7 * k + rng.randrange(5))
        r = rng.random()
        status = "verified" if r < 0.7 else "pending_verification" if r < 0.95 else "returned"
        stage = rng.choice(STAGES) if status == "verified" else None
        unit = None if status != "verified" else (HOME if rng.random() < 0.7 else ward_code)
        forwarded = unit not in (None, HOME) and rng.random() < 0.5
        case = {
            "id": k,
            "case_id": f"DT-{received.year}-{k:06d}",
            "document_id": k,
            "source_pages": [1],
            "status": status,
            "category": category,
            "domain": domain,
            "complainant_name": name,
            "complainant_address": address,
            "complainant_id_number": id_number,
            "complainant_phone": phone,
            "recipient": f"Ủy ban nhân dân {ward}",
            "respondent": None,
            "subject": subject,
            "signatory_count": 1,
            "anonymous": False,
            "text": text,
            "confidence": {"category": 0.95},
            "extra": {"title": title, "id_digits": id_number, "phone_digits": phone},
            "received_at": received,
            "created_at": received,
            "updated_at": received,
            "identity_protected": protected,
            "identity_reasons": ["to_cao"] if protected else [],
            "unit_code": unit,
            "handling_stage": stage,
            "identity_unit": HOME if forwarded and protected else None,
        }
        page = {
            "document_id": k,
            "page_no": 1,
            "source": "ocr",
            "width": 1700,
            "height": 2200,
            "image_key": f"pages/{k}",
            "text": text,
            "words": [],
            "redacted_text": redacted,
        }
        due = self.today + dt.timedelta(days=rng.randrange(-60, 60)) if stage else None
        extra = {"forwarded": forwarded, "due_on": due, "closed": stage == "ket_thuc"}
        return case, page, extra


def bulk_insert(conn: Any, model: Any, rows: list[dict]) -> None:
    """Rows into a table (a model or a Table): COPY on PostgreSQL (the column defaults of the model filled in as
    an INSERT would), an executemany INSERT elsewhere. COPY keeps a 1,000,000-case seed in minutes."""
    from sqlalchemy import JSON, insert

    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(insert(model), rows)
        return
    from psycopg.types.json import Json

    table = getattr(model, "__table__", model)
    given = list(rows[0])
    defaults = {
        c.name: c.default
        for c in table.c
        if c.name not in given and c.default is not None and not c.default.is_sequence
    }
    cols = given + list(defaults)
    json_cols = {c.name for c in table.c if isinstance(c.type, JSON)}
    names = ", ".join(f'"{c}"' for c in cols)
    with conn.connection.driver_connection.cursor() as cur:
        with cur.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for r in rows:
                row = {**r, **{c: d.arg(None) if d.is_callable else d.arg for c, d in defaults.items()}}
                copy.write_row(
                    [Json(row[c]) if c in json_cols and row[c] is not None else row[c] for c in cols]
                )


def seed(url: str, n: int, seed_: int, shape: Shape | None = None) -> dict[str, Any]:
    """``n`` petitions in bulk inserts, then the index as the app builds it; returns samples for the queries.
    ``shape(k, case, page, extra)``, when given, may change each generated row before it is inserted (another
    benchmark's status mix, dates or station fields)."""
    from donthu.storage.db import get_engine
    from donthu.storage.models import Case, Document, HandlingEvent, Page

    gen = Gen(seed_)
    engine = get_engine(url)
    samples: dict[str, list] = {"ids": [], "phones": [], "case_ids": [], "names": []}
    t0 = time.perf_counter()
    chunk = 2000
    dues: list[dict] = []
    for base in range(0, n, chunk):
        docs, pages, cases, events = [], [], [], []
        for k in range(base + 1, min(n, base + chunk) + 1):
            case, page, extra = gen.case(k)
            if shape is not None:
                shape(k, case, page, extra)
            docs.append(
                {
                    "id": k,
                    "sha256": f"{k:064x}",
                    "original_name": f"scan-{k}.pdf",
                    "size": 1,
                    "object_key": f"o/{k}",
                    "status": "done",
                    "page_count": 1,
                }
            )
            pages.append(page)
            cases.append(case)
            if extra["forwarded"]:
                events.append(
                    {
                        "case_id": case["case_id"],
                        "kind": "chuyen_don",
                        "at": case["received_at"],
                        "actor": "x",
                        "unit_code": HOME,
                        "to_unit": case["unit_code"],
                        "basis": "",
                        "note": "",
                        "data": {},
                    }
                )
            if extra["due_on"]:
                dues.append({"pk": k, "due_on": extra["due_on"], "closed": extra["closed"]})
            if k % 997 == 0:
                samples["ids"].append(case["complainant_id_number"])
                samples["phones"].append(case["complainant_phone"])
                samples["case_ids"].append(case["case_id"])
                samples["names"].append(case["complainant_name"])
        with engine.begin() as conn:
            bulk_insert(conn, Document, docs)
            bulk_insert(conn, Page, pages)
            bulk_insert(conn, Case, cases)
            bulk_insert(conn, HandlingEvent, events)
        if n >= 200_000 and (base + chunk) % 100_000 == 0:
            print(f"  {base + chunk} cases inserted ({time.perf_counter() - t0:.0f} s)", flush=True)
    t1 = time.perf_counter()
    build_index(engine, n, dues)
    t2 = time.perf_counter()
    print(f"  seeded {n} cases in {t1 - t0:.1f} s, indexed in {t2 - t1:.1f} s", flush=True)
    return samples


def build_index(engine: Any, n: int, dues: list[dict]) -> None:
    """The index rows built by the app's own code (``reindex_cases``: what the after-flush listener writes),
    then the due dates handling would have written (``set_due``'s UPDATE), then what the database's own
    maintenance does after a bulk load."""
    from sqlalchemy import bindparam, text, update

    from donthu.storage.search_index import reindex_cases, search_docs

    if engine.dialect.name == "postgresql" and n >= COPY_INDEX_FROM:
        copy_index(engine, n, dues)
        return
    with engine.begin() as conn:
        ids = list(range(1, n + 1))
        for start in range(0, n, 5000):
            reindex_cases(conn, ids[start : start + 5000])
        conn.execute(
            update(search_docs)
            .where(search_docs.c.case_pk == bindparam("pk"))
            .values(due_on=bindparam("due_on"), closed=bindparam("closed")),
            dues,
        )
        if conn.dialect.name == "sqlite":
            conn.execute(text("INSERT INTO search_fts(search_fts) VALUES ('optimize')"))
            conn.execute(text("ANALYZE"))
    if engine.dialect.name == "postgresql":  # autovacuum's work after a bulk load (the due dates' updates)
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE search_docs"))


def copy_index(engine: Any, n: int, dues: list[dict]) -> None:
    """``build_index`` for large seeds on PostgreSQL: the same rows, made by the app's own code (the case
    columns ``reindex_cases`` reads, ``redacted_texts``, ``build_doc``) with the due dates handling writes, but
    written by COPY instead of upserts and updates (ANALYZE before and after; nothing to vacuum)."""
    from sqlalchemy import select, text

    from donthu.storage import search_index as si
    from donthu.storage.models import Case

    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE cases, pages"))  # fresh statistics: pages by document id use their index
    due = {d["pk"]: d for d in dues}
    cases = Case.__table__
    for start in range(1, n + 1, 5000):
        with engine.begin() as conn:
            rows = list(
                conn.execute(
                    select(*(cases.c[c] for c in si._CASE_COLS)).where(
                        cases.c.id.between(start, start + 4999)
                    )
                )
            )
            red = si.redacted_texts(conn, rows)
            docs = [si.build_doc(r, red.get(r.id)) for r in rows]
            for d in docs:
                d["due_on"] = due[d["case_pk"]]["due_on"] if d["case_pk"] in due else None
            bulk_insert(conn, si.search_docs, docs)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE search_docs"))


def seed_samples(url: str) -> dict[str, Any]:
    """The samples ``seed`` keeps, read back from a database it seeded (every 997th case)."""
    from sqlalchemy import select

    from donthu.storage.db import session_scope
    from donthu.storage.models import Case

    out: dict[str, list] = {"ids": [], "phones": [], "case_ids": [], "names": []}
    with session_scope(url) as db:
        rows = db.execute(
            select(Case.complainant_id_number, Case.complainant_phone, Case.case_id, Case.complainant_name)
            .where(Case.id % 997 == 0)
            .order_by(Case.id)
        ).all()
    for id_number, phone, case_id, name in rows:
        out["ids"].append(id_number)
        out["phones"].append(phone)
        out["case_ids"].append(case_id)
        out["names"].append(name)
    return out


def queries(samples: dict[str, Any], rng: random.Random) -> list[tuple[str, dict]]:
    """The mixed query set: (text, filters)."""
    from donthu.storage.search_index import fold

    names = samples["names"][:6]
    out: list[tuple[str, dict]] = []
    out += [(fold(nm), {}) for nm in names]  # diacritic-free, lower case
    out += [(nm.upper(), {}) for nm in names[:4]]  # upper case with diacritics
    out += [("nguyen van", {}), ("tran thi", {}), ("le van hung", {}), ("dang", {}), ("pham minh", {})]
    out += [(i, {}) for i in samples["ids"][:6]]  # full CCCD
    out += [(p[-6:], {}) for p in samples["phones"][:4]]  # partial phone
    out += [(f"{p[:4]} {p[4:7]} {p[7:]}", {}) for p in samples["phones"][4:6]]  # phone as written
    out += [("phuong 7", {}), ("duong le loi", {}), ("cach mang thang tam", {}), ("ben thanh", {})]  # address
    out += [("thu hoi dat", {}), ("bồi thường tái định cư", {}), ("ô nhiễm môi trường", {}), ("trợ cấp", {})]
    out += [
        ("cưỡng chế", {}),
        ("giay chung nhan", {}),
        ("thuong binh", {}),
        ("nuoc thai", {}),
    ]  # subject/text
    out += [("dat", {"category": "khieu_nai"}), ("nguyen", {"overdue": True}), ("", {"status": "verified"})]
    out += [("", {"domain": "dat_dai", "date_from": dt.date(2025, 3, 1), "date_to": dt.date(2025, 3, 31)})]
    out += [("boi thuong", {"stage": "giai_quyet"}), ("", {"overdue": True})]
    out += [(c, {}) for c in samples["case_ids"][:4]]  # case numbers
    out += [("xyzzy", {}), ("khong co ai ten nay", {}), ("0000000000", {})]  # nothing found
    rng.shuffle(out)
    return out


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def run(
    url: str,
    qs: list[tuple[str, dict]],
    rounds: int,
    baseline: bool = True,
    around: Callable[[bool], AbstractContextManager] | None = None,
) -> tuple[list[float], list[float], int, int]:
    """Times of the new search and of the baseline (unless ``baseline`` is false); hits found by each (first
    round). Each is timed in a block of its own (warm-up round first): the baseline reads the whole cases table,
    which would otherwise push the search's pages out of PostgreSQL's shared buffers between two searches.
    ``around(timed)``, when given, wraps each search (``timed``: a timed round of the new search), e.g. to
    measure its CPU time too."""
    from donthu.config import get_settings
    from donthu.handling.views import home_unit, unit_condition, visible_units
    from donthu.search.query import SearchFilters, search
    from donthu.storage import repo
    from donthu.storage.db import session_scope

    settings = get_settings()
    users = [
        SimpleNamespace(username="bench-reception", role="reception", unit_code=HOME),
        SimpleNamespace(username="bench-supervisor", role="supervisor", unit_code="HCM"),
    ]

    def new(q: str, f: dict, user: Any) -> int:
        with session_scope(url) as db:
            return search(db, user, settings, q, SearchFilters(**f)).total

    def old(q: str, f: dict, user: Any) -> int:
        with session_scope(url) as db:
            where = unit_condition(visible_units(db, user, settings), home_unit(db, settings))
            cleared = user.role != "reception"
            _rows, total = repo.list_cases(
                db, status=f.get("status"), q=q, limit=20, where=where, identity_cleared=cleared
            )
            repo.audit(db, user.username, "search", q=q, total=total)
            return total

    times: dict[str, list[float]] = {"new": [], "old": []}
    found = {"new": 0, "old": 0}
    per_query: dict[tuple[str, str, str], list[float]] = {}
    totals: dict[tuple[str, str, str], int] = {}
    for name, fn in (("new", new), ("old", old))[: 2 if baseline else 1]:
        for r in range(rounds + 1):  # round 0 warms up
            for q, f in qs:
                for user in users:
                    with around(bool(r) and name == "new") if around else nullcontext():
                        t0 = time.perf_counter()
                        total = fn(q, f, user)
                        ms = (time.perf_counter() - t0) * 1000
                    key = (q, ",".join(f"{k}={v}" for k, v in f.items()), user.role)
                    if r:
                        times[name].append(ms)
                        if name == "new":
                            per_query.setdefault(key, []).append(ms)
                    else:
                        found[name] += total if q else 0
                        if name == "new":
                            totals[key] = total
    if VERBOSE:
        slow = sorted(per_query.items(), key=lambda kv: -statistics.mean(kv[1]))[:VERBOSE]
        print("  slowest queries (mean ms, hits, query, filters, role):")
        for (q, f, role), ts in slow:
            print(f"    {statistics.mean(ts):7.1f}  {totals[(q, f, role)]:6d}  {q!r} {f} {role}")
    return times["new"], times["old"], found["new"], found["old"]


def report(label: str, new_t: list[float], old_t: list[float], found: tuple[int, int]) -> bool:
    def line(name: str, t: list[float]) -> str:
        return (
            f"  {name:<9} n={len(t):4d}  p50 {pct(t, 50):7.1f} ms  p95 {pct(t, 95):7.1f} ms  "
            f"p99 {pct(t, 99):7.1f} ms  max {max(t):7.1f} ms  mean {statistics.mean(t):6.1f} ms"
        )

    print(f"[{label}]")
    print(line("search", new_t))
    print(line("BASELINE", old_t))
    print(
        f"  ratio p95 search/baseline = {pct(new_t, 95) / max(pct(old_t, 95), 1e-9):.2f}; "
        f"hits found over the set (text queries, both users): search {found[0]}, baseline {found[1]}"
    )
    ok = pct(new_t, 95) <= TARGET_MS
    print(f"  target p95 ≤ {TARGET_MS:.0f} ms: {'OK' if ok else 'MISSED'}", flush=True)
    return ok


def bench(url: str, label: str, args: argparse.Namespace, seeded: bool = False) -> bool:
    from donthu.config import reset_settings
    from donthu.storage.db import dispose_engines, migrate

    os.environ["DONTHU_DATABASE_URL"] = url
    os.environ["DONTHU_MIGRATION_DATABASE_URL"] = ""
    reset_settings()
    migrate(url)
    if seeded:
        samples = seed_samples(url)
    else:
        print(f"{label}: seeding {args.n} cases", flush=True)
        samples = seed(url, args.n, args.seed)
    if args.keep:
        print(f"  kept: --reuse {url}")
    qs = queries(samples, random.Random(args.seed))
    new_t, old_t, fn, fo = run(url, qs, args.rounds)
    dispose_engines()
    return report(label, new_t, old_t, (fn, fo))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    ap.add_argument("--no-pg", action="store_true")
    ap.add_argument("--no-sqlite", action="store_true")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--slowest", type=int, default=10, help="list the N slowest queries")
    ap.add_argument("--keep", action="store_true", help="keep the databases (their URLs are printed)")
    ap.add_argument("--reuse", help="time the queries on this database seeded by an earlier --keep run")
    args = ap.parse_args()
    global VERBOSE
    VERBOSE = args.slowest
    tmp = Path(tempfile.mkdtemp(prefix="donthu-search-bench-"))
    os.environ["DONTHU_DATA_DIR"] = str(tmp)
    os.environ["DONTHU_SETTINGS_FILE"] = str(tmp / "none.toml")
    os.environ.setdefault("DONTHU_HOME_UNIT", HOME)
    if args.reuse:
        ok = bench(args.reuse, "reused", args, seeded=True)
        shutil.rmtree(tmp, ignore_errors=True)
        return 0 if ok else 1
    ok = True
    if not args.no_sqlite:
        ok &= bench(f"sqlite:///{tmp / 'bench.db'}", "SQLite", args)
    if not args.no_pg:
        ok &= bench_pg(args)
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


def bench_pg(args: argparse.Namespace) -> bool:
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"searchbench_{uuid.uuid4().hex[:8]}"
    try:
        with psycopg.connect(args.pg, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL: not reachable at {args.pg} ({exc}); skipped")
        return True
    url = make_url(args.pg).set(drivername="postgresql+psycopg", database=name)
    try:
        return bench(url.render_as_string(hide_password=False), "PostgreSQL", args)
    finally:
        if not args.keep:
            with psycopg.connect(args.pg, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
