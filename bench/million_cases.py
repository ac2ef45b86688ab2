"""The station and the search at 1,000,000 cases on PostgreSQL: seeding time, database size, p50/p95/p99.

    python bench/million_cases.py [--cases 1000000] [--pg URL] [--requests 300] [--rounds 3] [--keep]
    python bench/million_cases.py --reuse postgresql+psycopg://.../db   # time again on a kept database

Seeds a fresh PostgreSQL database (created beside ``--pg``, an administrator's URL; dropped at the end unless
``--keep``) with ``--cases`` petitions in bulk inserts, with the generator and the index code of
bench/search_speed.py (Vietnamese names, wards, CCCD and phone numbers, about 1 KB of text each; the search
index rows built by the app's own ``reindex_cases``), in the status mix of an agency that has digitized its
archive: 55% ``archived``, 10% ``archive_verified``, 1% ``archive_review`` (a quality-control sample; the
historical cases received 2015-2023, in archive batches of 10,000 and boxes of 100, each with its archive item),
25% ``verified`` (live, with handling stages, units and due dates), 8% ``pending_verification`` (the live queue:
80,000 cases at 1M, far more than any real queue) and 1% ``returned`` (live cases received in the last year).
Every case has the station's per-field confidences; the pages of the cases the station opens (pending, returned,
archive_review) carry about 200 OCR words with boxes, as bench/station_p95.py seeds them; the other pages keep
their text without word boxes, so the pages table is smaller than a real one (bench/archive_scale.py measures a
real page's size). Then VACUUM ANALYZE, as autovacuum does after a bulk load.

It then measures with the app's own code, in-process:

  * the verification station (bench/station_p95.py): the queue page (first and later pages, category +
    low-confidence, domain over all statuses) and the case page of random pending cases, server-side times
    through the ASGI app as a verifier; target p95 < 200 ms (bench/station_p95.py, README "Benchmarks");
  * the search (bench/search_speed.py): ``search.query.search`` over its mixed query set as a reception clerk
    and a supervisor; target p95 <= 200 ms (issue 14, bench/search_speed.py).

Prints the seeding time, the database size (per table), p50/p95/p99/max per measure against its target, and the
slowest queries. Figures only: no pass/fail exit code.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search_speed as ss  # the generator, the index build, the query set and its timing
import station_p95 as sp  # the station's pages, timing wrapper and URL mix
from queue_speed import drop_db, fresh_db

STATION_TARGET_MS = sp.TARGET_MS
SEARCH_TARGET_MS = ss.TARGET_MS
MIX = (
    ("archived", 55),
    ("archive_verified", 10),
    ("archive_review", 1),
    ("verified", 25),
    ("pending_verification", 8),
    ("returned", 1),
)
STATION_STATUSES = ("pending_verification", "returned", "archive_review")
BATCH_CASES, BOX_CASES = 10_000, 100
VERIFIER, PASSWORD = "bench-verifier", "bench-password-1"
BULK_TABLES = ("cases", "pages", "documents", "search_docs", "handling_events", "archive_items")


class Shaper:
    """Turns search_speed's generated rows into the status mix above (``search_speed.seed``'s ``shape``)."""

    def __init__(self, n: int, seed: int) -> None:
        self.n = n
        self.rng = random.Random(seed + 1)  # its own: the generator's draws stay as they are
        self.now = dt.datetime.now(dt.UTC)
        self.pending: list[str] = []  # case numbers the station's case page opens

    def __call__(self, k: int, case: dict, page: dict, extra: dict) -> None:
        rng = self.rng
        status = rng.choices([s for s, _ in MIX], [w for _, w in MIX])[0]
        frac = k / self.n
        if status.startswith("archive"):
            received = dt.datetime(2015, 1, 1, tzinfo=dt.UTC) + dt.timedelta(
                days=9 * 365 * frac, minutes=k % 600
            )
            self._archived(k, case, received)
            extra.update(forwarded=False, due_on=None)
        else:
            received = self.now - dt.timedelta(days=365 * (1 - frac), minutes=rng.randrange(600))
            if status == "verified" and case["status"] != "verified":  # the generator made it live: a stage
                stage = rng.choice(ss.STAGES)
                case.update(handling_stage=stage, unit_code=ss.HOME)
                extra["due_on"] = dt.date.today() + dt.timedelta(days=rng.randrange(-60, 60))
                extra["closed"] = stage == "ket_thuc"
            elif status != "verified":
                case.update(handling_stage=None, unit_code=None, identity_unit=None)
                extra.update(forwarded=False, due_on=None)
        case.setdefault("archive_batch_id", None)  # one set of columns for every row of a bulk insert
        case.setdefault("archive_box", None)
        case.update(status=status, received_at=received, created_at=received, updated_at=received)
        case["case_id"] = f"DT-{received.year}-{k:06d}"
        conf = {f: round(rng.uniform(0.55, 1.0), 3) for f in sp.FIELDS}
        case["confidence"], case["min_confidence"] = conf, min(conf.values())
        if status in STATION_STATUSES:
            _text, page["words"] = sp.page_words(rng, tokens=case["text"].split())
            if status == "pending_verification":
                self.pending.append(case["case_id"])

    def _archived(self, k: int, case: dict, received: dt.datetime) -> None:
        batch, box = k // BATCH_CASES + 1, f"{k // BATCH_CASES + 1:03d}-{(k // BOX_CASES) % 100:03d}"
        day = received.date().isoformat()
        case.update(handling_stage=None, unit_code=ss.HOME, identity_unit=None)
        case.update(archive_batch_id=batch, archive_box=box)
        case["extra"] = {
            **case["extra"],
            "archive": {
                **{"batch": batch, "item": None, "box": box, "folder": f"ho-so-{k}", "sequence": k},
                **{"path": f"hop-{box}/ho-so-{k}.pdf", "petition_index": 0, "note": "", "agency": ""},
                **{"columns": {}, "received_date": day, "date_source": "manifest"},
            },
        }


def seed_archive_rows(url: str, n: int, before: bool) -> None:
    """Before the cases: the archive batches; after them: one archive item per historical case's document."""
    from sqlalchemy import insert, text

    from donthu.storage.db import get_engine
    from donthu.storage.models import ArchiveBatch

    with get_engine(url).begin() as conn:
        if before:
            rows = [
                {"id": b, "name": f"Kho lưu trữ đợt {b}", "created_by": "bench", "unit_code": ss.HOME}
                | {"status": "done", "manifest_name": f"danh-muc-{b}.csv", "agency": "", "note": ""}
                | {
                    "skipped": [],
                    "missing": [],
                    "qc": {},
                    "files_total": BATCH_CASES,
                    "files_done": BATCH_CASES,
                }
                | {"pages_total": BATCH_CASES, "pages_done": BATCH_CASES}
                for b in range(1, n // BATCH_CASES + 2)
            ]
            conn.execute(insert(ArchiveBatch), rows)
            return
        conn.execute(
            text(
                "INSERT INTO archive_items (batch_id, document_id, path, box, folder, sequence, received_date,"
                " date_source, note, agency, columns, status, created_at)"
                " SELECT archive_batch_id, document_id, 'hop-' || archive_box || '/ho-so-' || id || '.pdf',"
                " archive_box, 'ho-so-' || id, id, (received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,"
                " 'manifest', '', '', '{}', 'new', now() FROM cases WHERE archive_batch_id IS NOT NULL"
            )
        )


@contextmanager
def indexes_dropped(url: str, tables: tuple[str, ...]) -> Iterator[None]:
    """The secondary indexes of ``tables`` dropped for a bulk load and built again afterwards from their own
    definitions (``pg_get_indexdef``), as a bulk load is done; primary keys and constraints stay."""
    from sqlalchemy import text

    from donthu.storage.db import get_engine

    engine = get_engine(url)
    with engine.begin() as conn:
        defs = conn.execute(
            text(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
                " JOIN pg_class t ON t.oid = i.indrelid WHERE t.relname = ANY(:tables) AND NOT i.indisprimary"
                " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
            ),
            {"tables": list(tables)},
        ).all()
        for name, _ in defs:
            conn.execute(text(f"DROP INDEX {name}"))
    yield
    t = time.perf_counter()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("SET maintenance_work_mem = '512MB'"))
        for _, definition in defs:
            conn.execute(text(definition))
    print(f"  {len(defs)} indexes built again in {time.perf_counter() - t:.0f} s", flush=True)


def seed_all(url: str, n: int, seed: int) -> tuple[dict, list[str], float]:
    """Everything above; returns the search samples, the pending case numbers and the seconds it took."""
    from sqlalchemy import text

    from donthu.storage.db import get_engine, session_scope
    from donthu.storage.users import create_user

    t0 = time.perf_counter()
    seed_archive_rows(url, n, before=True)
    shaper = Shaper(n, seed)
    ss.COPY_INDEX_FROM = 0  # index rows by COPY (the app's build_doc) at every size
    with indexes_dropped(url, BULK_TABLES):
        samples = ss.seed(url, n, seed, shape=shaper)
        seed_archive_rows(url, n, before=False)
    with session_scope(url) as db:
        create_user(db, VERIFIER, PASSWORD, "verifier")
    t1 = time.perf_counter()
    with get_engine(url).connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    t2 = time.perf_counter()
    print(
        f"seeding: {t1 - t0:.0f} s ({n / (t1 - t0):,.0f} cases/s, index included), VACUUM ANALYZE {t2 - t1:.0f} s"
    )
    return samples, shaper.pending, t2 - t0


def pending_ids(url: str) -> list[str]:
    from sqlalchemy import select

    from donthu.storage.db import session_scope
    from donthu.storage.models import Case

    with session_scope(url) as db:
        return list(db.scalars(select(Case.case_id).where(Case.status == "pending_verification")))


def print_sizes(url: str, n: int) -> None:
    from sqlalchemy import text

    from donthu.storage.db import session_scope

    with session_scope(url) as db:
        total = db.scalar(text("SELECT pg_database_size(current_database())")) or 0
        rows = db.execute(
            text(
                "SELECT c.relname, pg_total_relation_size(c.oid), pg_indexes_size(c.oid) FROM pg_class c"
                " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'"
                " ORDER BY 2 DESC LIMIT 10"
            )
        ).all()
        counts = dict(db.execute(text("SELECT status, count(*) FROM cases GROUP BY status")).all())
    print(f"cases by status: {', '.join(f'{k} {v:,}' for k, v in sorted(counts.items()))}")
    print(f"database size: {total / 1e9:.2f} GB ({total / n / 1e3:.1f} KB per case)")
    for name, size, idx in rows:
        print(f"    {name:<20}{size / 1e9:>8.2f} GB   (indexes {idx / 1e9:.2f} GB)")


class CpuMeter:
    """What a request costs apart from the machine's load: the CPU time (``run``) of this process's threads (the
    app runs in-process) and of the PostgreSQL backends of the database, from ``/proc/*/schedstat``
    (nanoseconds), and the time they spent runnable but waiting for a core (``wait``, shown as a mean: the share
    of the wall time the machine's load adds)."""

    def __init__(self, dbname: str) -> None:
        self.needle = f" {dbname} ".encode()
        self.run: list[float] = []
        self.wait: list[float] = []

    @staticmethod
    def _read(paths: list[str]) -> tuple[int, int]:
        run = wait = 0
        for path in paths:
            try:
                with open(path) as f:
                    r, w, _ = f.read().split()
            except (OSError, ValueError):
                continue
            run, wait = run + int(r), wait + int(w)
        return run, wait

    def _backends(self) -> tuple[int, int]:
        paths = []
        for pid in os.listdir("/proc"):
            if pid.isdigit():
                try:
                    with open(f"/proc/{pid}/cmdline", "rb") as f:
                        cmd = f.read()
                except OSError:
                    continue
                if cmd.startswith(b"postgres: ") and self.needle in cmd:
                    paths.append(f"/proc/{pid}/schedstat")
        return self._read(paths)

    def _self(self) -> tuple[int, int]:
        return self._read([f"/proc/self/task/{t}/schedstat" for t in os.listdir("/proc/self/task")])

    @contextmanager
    def __call__(self, record: bool = True) -> Iterator[None]:
        b0 = self._backends()  # the backends first and last: this thread's own reading stays outside
        s0 = self._self()
        yield
        s1 = self._self()
        b1 = self._backends()
        if record:
            self.run.append((s1[0] - s0[0] + b1[0] - b0[0]) / 1e6)
            self.wait.append((s1[1] - s0[1] + b1[1] - b0[1]) / 1e6)


class CpuTimed(sp.Timed):
    """station_p95's server-side timer, with a :class:`CpuMeter` around each request."""

    def __init__(self, app: object, meter: CpuMeter) -> None:
        super().__init__(app)
        self.meter = meter

    async def __call__(self, scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with self.meter():
            await super().__call__(scope, receive, send)


def line(name: str, t: list[float], target: float, op: str) -> str:
    p95 = sp.pct(t, 95)
    ok = p95 < target if op == "<" else p95 <= target
    return (
        f"  {name:<24} p50 {statistics.median(t):7.1f}  p95 {p95:7.1f}  p99 {sp.pct(t, 99):7.1f}"
        f"  max {max(t):7.1f} ms   p95 {op} {target:.0f} ms: {'met' if ok else 'MISSED'}"
    )


def print_measure(title: str, wall: list[float], meter: CpuMeter, target: float, op: str) -> None:
    print(
        f"  {title} (n={len(wall)}; mean wall {statistics.mean(wall):.0f} ms, of which waiting for a core"
        f" {statistics.mean(meter.wait):.0f} ms)"
    )
    print(line("wall (server-side)", wall, target, op))
    print(line("CPU (app + PostgreSQL)", meter.run, target, op))


def measure_station(settings, pending: list[str], args: argparse.Namespace, meter: CpuMeter) -> None:
    timed, client = sp.station_client(settings, VERIFIER, PASSWORD, wrap=lambda app: CpuTimed(app, meter))
    queue_urls, case_urls = sp.station_urls(random.Random(7), args.requests, pending)
    t = time.perf_counter()
    sp.measure(client, timed, queue_urls[:20] + case_urls[:20])  # warm-up
    results = {}
    for name, urls in (("queue page", queue_urls), ("case page", case_urls)):
        meter.run.clear(), meter.wait.clear()
        results[name] = (sp.measure(client, timed, urls), list(meter.run), list(meter.wait))
    print(
        f"\nstation ({time.perf_counter() - t:.0f} s), server-side milliseconds, as a verifier:", flush=True
    )
    for name, (wall, run, wait) in results.items():
        meter.run[:], meter.wait[:] = run, wait
        print_measure(name, wall, meter, STATION_TARGET_MS, "<")
    wall, run, wait = results["queue page"]
    kinds: dict[str, list[int]] = {}
    for i, u in enumerate(queue_urls):
        kinds.setdefault("/?" + u.split("?", 1)[1].split("=", 1)[0] if "?" in u else "/", []).append(i)
    for kind, ix in kinds.items():
        w, c = [wall[i] for i in ix], [run[i] for i in ix]
        print(
            f"    queue {kind:<12} wall p50 {statistics.median(w):7.1f} p95 {sp.pct(w, 95):7.1f}"
            f"   CPU p50 {statistics.median(c):6.1f} p95 {sp.pct(c, 95):6.1f} ms"
        )


def measure(url: str, n: int, samples: dict, pending: list[str], args: argparse.Namespace) -> None:
    from donthu.config import get_settings

    meter = CpuMeter(url.rsplit("/", 1)[1])
    measure_station(get_settings(), pending, args, meter)
    meter.run.clear(), meter.wait.clear()
    qs = ss.queries(samples, random.Random(args.seed))
    ss.VERBOSE = args.slowest
    t = time.perf_counter()
    new_t, _old, found, _ = ss.run(url, qs, args.rounds, baseline=False, around=meter)
    print(f"\nsearch ({time.perf_counter() - t:.0f} s), {len(qs)} queries x 2 users x {args.rounds} rounds:")
    print_measure("search.query.search", new_t, meter, SEARCH_TARGET_MS, "<=")
    print(f"  hits found over the text queries (both users): {found:,}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=1_000_000)
    ap.add_argument(
        "--pg",
        default=os.environ.get("DONTHU_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"),
        help="an administrator's URL: the fresh database is created beside it",
    )
    ap.add_argument("--requests", type=int, default=300, help="timed requests per station page kind")
    ap.add_argument("--rounds", type=int, default=3, help="timed rounds of the search query set")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--slowest", type=int, default=8, help="list the N slowest search queries")
    ap.add_argument("--keep", action="store_true", help="keep the database (its URL is printed)")
    ap.add_argument("--reuse", help="measure again on a database kept by an earlier --keep run")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="donthu-million-"))
    os.environ.update(
        DONTHU_DATA_DIR=str(tmp),
        DONTHU_SETTINGS_FILE=str(tmp / "none.toml"),
        DONTHU_MIGRATION_DATABASE_URL="",
        DONTHU_HOME_UNIT=ss.HOME,
    )
    name, url = ("", args.reuse) if args.reuse else fresh_db(args.pg)
    os.environ["DONTHU_DATABASE_URL"] = url
    serial_queries(args.pg, url.rsplit("/", 1)[1])
    from donthu.config import reset_settings
    from donthu.storage.db import migrate

    reset_settings()
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f} at start")
    try:
        migrate(url)
        if args.reuse:
            samples, pending = ss.seed_samples(url), pending_ids(url)
            n = _count(url)
        else:
            n = args.cases
            print(f"seeding {n:,} cases into {url.rsplit('/', 1)[1]}", flush=True)
            samples, pending, _secs = seed_all(url, n, args.seed)
        print_sizes(url, n)
        measure(url, n, samples, pending, args)
        print(f"\nload {os.getloadavg()[0]:.2f} at end")
    finally:
        if args.keep or args.reuse:
            print(f"kept: --reuse {url}")
        else:
            drop_db(args.pg, name)


def serial_queries(admin_url: str, dbname: str) -> None:
    """No parallel query workers in the benchmark's database: a request's whole CPU time is then in its own
    backend, where :class:`CpuMeter` counts it (an idle many-core server could answer big counts sooner)."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{dbname}" SET max_parallel_workers_per_gather = 0')


def _count(url: str) -> int:
    from sqlalchemy import text

    from donthu.storage.db import session_scope

    with session_scope(url) as db:
        return int(db.scalar(text("SELECT count(*) FROM cases")) or 0)


if __name__ == "__main__":
    main()
