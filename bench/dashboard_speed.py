"""Seed N cases in bulk and time reports.dashboard.dashboard on SQLite (and PostgreSQL with --pg)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import tempfile
import time
import uuid

from sqlalchemy import insert, select


def seed(db, n: int, rng: random.Random) -> None:
    from donthu.contract import CATEGORIES, DOMAINS, VERIFIABLE_FIELDS
    from donthu.storage.models import Case, CaseHistory, Document, HandlingEvent

    db.execute(
        insert(Document),
        [
            {
                "id": 1,
                "sha256": "0" * 64,
                "original_name": "x.pdf",
                "size": 1,
                "object_key": "o",
                "status": "done",
            }
        ],
    )
    units = ["HCM.BTCD", "HCM.TTR", "HCM.SNV", "HCM.STP", "HCM.SXD", "HCM.SYT"]
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    cases, hist, events = [], [], []
    for i in range(1, n + 1):
        rec = start + dt.timedelta(minutes=rng.randrange(0, 700 * 24 * 60))
        r = rng.random()
        status = "verified" if r < 0.8 else "pending_verification" if r < 0.95 else "returned"
        cid = f"DT-{rec.year}-{i:06d}"
        unit = rng.choice(units) if status == "verified" else None
        stage = None
        if status == "verified":
            at = rec + dt.timedelta(days=rng.randrange(0, 12))
            actor = f"xm{rng.randrange(8)}"
            for f in rng.sample(VERIFIABLE_FIELDS, rng.randrange(0, 3)):
                hist.append(
                    {"case_id": cid, "field": f, "old_value": "a", "new_value": "b", "actor": actor, "at": at}
                )
            hist.append(
                {
                    "case_id": cid,
                    "field": "status",
                    "old_value": "pending_verification",
                    "new_value": "verified",
                    "actor": actor,
                    "at": at,
                }
            )
            events.append(
                {"case_id": cid, "kind": "received", "at": at, "actor": actor, "unit_code": unit, "data": {}}
            )
            if rng.random() < 0.75:
                d = rng.choice(["thu_ly", "huong_dan", "chuyen_don", "luu_don"])
                events.append(
                    {
                        "case_id": cid,
                        "kind": d,
                        "at": at + dt.timedelta(days=rng.randrange(1, 15)),
                        "actor": actor,
                        "unit_code": unit,
                        "data": {},
                    }
                )
                stage = {
                    "thu_ly": "thu_ly",
                    "huong_dan": "ket_thuc",
                    "chuyen_don": "cho_phuc_dap",
                    "luu_don": "luu_don",
                }[d]
                if d == "thu_ly" and rng.random() < 0.6:
                    events.append(
                        {
                            "case_id": cid,
                            "kind": "result",
                            "at": at + dt.timedelta(days=30),
                            "actor": actor,
                            "unit_code": unit,
                            "data": {},
                        }
                    )
                    stage = "ket_thuc"
            else:
                stage = "cho_xu_ly"
        cases.append(
            {
                "id": i,
                "case_id": cid,
                "document_id": 1,
                "source_pages": [1],
                "status": status,
                "category": rng.choice(CATEGORIES),
                "domain": rng.choice(DOMAINS),
                "text": "",
                "confidence": {},
                "extra": {},
                "received_at": rec,
                "unit_code": unit,
                "handling_stage": stage,
                "identity_protected": False,
                "identity_reasons": [],
                "signatory_count": 1,
                "anonymous": False,
                "verified_at": None,
            }
        )
        if len(cases) >= 5000:
            db.execute(insert(Case), cases)
            cases = []
    if cases:
        db.execute(insert(Case), cases)
    for k in range(0, len(hist), 20000):
        db.execute(insert(CaseHistory), hist[k : k + 20000])
    for k in range(0, len(events), 20000):
        db.execute(insert(HandlingEvent), events[k : k + 20000])
    db.commit()
    from donthu.handling.events import index_due
    from donthu.storage.search_index import reindex_all

    reindex_all(db)
    open_cases = db.scalars(
        select(Case).where(Case.handling_stage.is_not(None), Case.handling_stage != "ket_thuc")
    ).all()
    for c in open_cases:
        index_due(db, c)
    db.commit()
    print(f"indexed, due dates of {len(open_cases)} open cases", flush=True)
    print(f"seeded {n} cases, {len(hist)} history rows, {len(events)} events", flush=True)


def run(url: str, n: int, reps: int) -> None:
    if os.environ.get("PROFILE"):
        return profile(url)
    from donthu.config import get_settings, reset_settings
    from donthu.handling import units as unit_tree
    from donthu.reports import dashboard as dash
    from donthu.storage.db import migrate, session_scope

    reset_settings()
    migrate(url)
    with session_scope(url) as db:
        unit_tree.ensure_units(db, get_settings())
        t = time.perf_counter()
        seed(db, n, random.Random(7))
        print(f"seed {time.perf_counter() - t:.1f}s")
    global ORIG
    ORIG = dash.search_due_available
    settings = get_settings()
    if reps == 0:
        return
    for label, unit, start, end in (
        ("HCM, quarter", "HCM", dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        ("HCM, year", "HCM", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ("BTCD, year", "HCM.BTCD", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    ):
        for source in ("clocks", "sql") if os.environ.get("BOTH") else ("auto",):
            times = []
            for _ in range(reps):
                with session_scope(url) as db:
                    codes = unit_tree.subtree_codes(db, unit)
                    if source == "clocks":
                        dash.search_due_available = lambda _db: False  # type: ignore
                    else:
                        dash.search_due_available = ORIG
                    t = time.perf_counter()
                    out = dash.dashboard(db, settings, codes, start, end, today=dt.date(2026, 9, 1))
                    times.append(time.perf_counter() - t)
            print(
                f"{label:14s} [{out['overdue_source']}] median {statistics.median(times) * 1000:.0f} ms  max {max(times) * 1000:.0f} ms  totals {out['totals']}",
                flush=True,
            )


def profile(url):

    from donthu.config import get_settings
    from donthu.handling import units as unit_tree
    from donthu.reports import dashboard as dash
    from donthu.storage.db import session_scope

    settings = get_settings()
    with session_scope(url) as db:
        codes = unit_tree.subtree_codes(db, os.environ.get("UNIT", "HCM.BTCD"))
        sc = dash.Scope(
            frozenset(codes),
            "HCM.BTCD",
            dt.date(2025, 1, 1),
            dt.date(2025, 12, 31),
            dt.date(2026, 9, 1),
            frozenset(),
        )
        for name in ("_received", "_verified", "_handled", "_queue", "_verifiers"):
            t = time.perf_counter()
            getattr(dash, name)(db, sc)
            print(name, f"{(time.perf_counter() - t) * 1000:.0f} ms", flush=True)
        for name in ("_overdue_sql",):
            t = time.perf_counter()
            getattr(dash, name)(db, sc)
            print(name, f"{(time.perf_counter() - t) * 1000:.0f} ms", flush=True)
        t = time.perf_counter()
        dash._overdue_clocks(db, sc, settings)
        print("_overdue_clocks", f"{(time.perf_counter() - t) * 1000:.0f} ms", flush=True)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100000)
    ap.add_argument("--pg")
    ap.add_argument("--reps", type=int, default=3)
    a = ap.parse_args()
    d = os.environ.get("KEEP") or tempfile.mkdtemp()
    os.environ["DONTHU_DATA_DIR"] = d
    os.environ["DONTHU_SETTINGS_FILE"] = os.path.join(d, "none.toml")
    if a.pg:
        import psycopg
        from sqlalchemy.engine import make_url

        name = f"donthu_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(a.pg, autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        url = (
            make_url(a.pg)
            .set(drivername="postgresql+psycopg", database=name)
            .render_as_string(hide_password=False)
        )
        os.environ["DONTHU_DATABASE_URL"] = url
        try:
            run(url, a.n, a.reps)
        finally:
            from donthu.storage.db import dispose_engines

            dispose_engines()
            with psycopg.connect(a.pg, autocommit=True) as c:
                c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        url = f"sqlite:///{d}/donthu.db"
        os.environ["DONTHU_DATABASE_URL"] = url
        run(url, a.n, a.reps)
