"""A digitized archive backlog through the Celery work queue on PostgreSQL and S3: the "million pages" sizing.

    python bench/archive_scale.py [--pages 5000] [--workers 2] [--pg URL] [--redis URL] [--cache DIR]
    python bench/archive_scale.py --pages 5000 --generate-only      # only build the cached backlog

The backlog is generated once into ``--cache`` (default /work/bench-cache/archive-<pages>) and reused: archive-like
files of 1-4 pages each (PDF, multi-page TIFF, single-page JPEG), scanned at 200, 240 or 300 dpi under the scan
profiles of :data:`donthu.samples.PROFILES` (all but the blank separator sheet; one profile per file, as a box is
scanned one folder at a time), in box folders of 100 files.

The run, timed from the start of ingest (hashing, storing originals, registering, sending tasks) until the last
document has its cases, goes into a fresh PostgreSQL database and a fresh bucket of a real S3-protocol server
(moto's ThreadedMotoServer on loopback, in its own process, objects spilled to disk) with ``--workers`` Celery
workers on Redis, one process each, started and ready before the clock starts. It prints:

  * pages/min end to end, the wall time, the per-page OCR cost (mean / median of ``pages.ocr_seconds``);
  * the database growth per 1,000 pages (``pg_database_size`` after minus before, and per table);
  * the object store bytes per 1,000 pages by kind (originals, page images, searchable PDFs, redacted copies);
  * the extrapolation to 1,000,000 pages: worker cores for a week / a month, the time with 2 / 8 / 16 workers
    (one core each), the database and object store disk with the headroom stated.

The machine load (``os.getloadavg``) at start and end is printed: on a shared machine the throughput is a lower
bound. Figures only: no pass/fail.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from queue_speed import queue_run  # the fresh database, the workers, the teardown

DPIS = (200, 240, 300)
FILES_PER_BOX = 100
MILLION = 1_000_000
WEEK, MONTH = 7 * 86400, 30 * 86400
CORE_HEADROOM = 1.3  # 30% spare worker capacity: retries, re-reads, uneven pages, other load
DB_HEADROOM = 1.5  # indexes growing unevenly, dead rows before vacuum, WAL, the migration of a big table
STORE_HEADROOM = 1.2  # object store free-space margin (replication or backups are a separate copy, not in it)
MOTO = """
import logging
import sys
from moto.server import ThreadedMotoServer
logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
print(server._server.server_port, flush=True)
sys.stdin.read()  # serve until the benchmark closes our stdin
server.stop()
"""


def archive_profiles(aged: bool) -> tuple[str, ...]:
    """The scan profiles of :data:`donthu.samples.PROFILES` but the blank separator sheet; without ``aged``
    not the old-copy profiles of samples/aging.py either."""
    from donthu.samples import PROFILES
    from donthu.samples.render import AGED_PROFILES

    return tuple(p for p in PROFILES if p != "blank" and (aged or p not in AGED_PROFILES))


def plan_backlog(pages: int, profiles: tuple[str, ...], seed: int = 2015) -> list[dict]:
    """What each file of the backlog holds: its path, page count, profile, dpi and seed (deterministic)."""
    rng = random.Random(seed)
    plan: list[dict] = []
    made = 0
    while made < pages:
        i = len(plan)
        n = min(rng.choices([1, 2, 3, 4], weights=[3, 4, 2, 1])[0], pages - made)
        suffix = rng.choice([".pdf", ".tif", ".jpg"]) if n == 1 else rng.choice([".pdf", ".pdf", ".tif"])
        box = i // FILES_PER_BOX + 1
        plan.append(
            {
                "path": f"hop-{box:03d}/ho-so-{i:05d}{suffix}",
                "pages": n,
                "profile": rng.choice(profiles),
                "dpi": rng.choice(DPIS),
                "seed": seed * 100_000 + i,
            }
        )
        made += n
    return plan


def _render_file(folder: str, item: dict) -> int:
    from donthu.samples import make_petition, render_page, write_document

    rng = random.Random(item["seed"])
    pet = make_petition(rng, n_pages=item["pages"])
    images = [
        render_page(text, item["profile"], seed=item["seed"] * 7 + k, dpi=item["dpi"])
        for k, text in enumerate(pet.pages)
    ]
    path = Path(folder) / item["path"]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(
        ".part-" + path.name
    )  # hidden until complete: an interrupted run leaves no half file
    write_document(tmp, images, dpi=item["dpi"])
    tmp.rename(path)
    return len(images)


def ensure_backlog(folder: Path, pages: int, aged: bool, procs: int = 2) -> list[dict]:
    """The cached backlog in ``folder`` (generated, or completed after an interruption, with ``procs``
    processes); ``plan.json`` there describes it."""
    plan = plan_backlog(pages, archive_profiles(aged))
    done_mark = folder / "plan.json"
    if done_mark.exists():
        if json.loads(done_mark.read_text()) == plan:
            return plan
        shutil.rmtree(folder)  # another backlog (other profiles): none of its files may be mistaken for ours
    folder.mkdir(parents=True, exist_ok=True)
    todo = [item for item in plan if not (folder / item["path"]).exists()]
    with ProcessPoolExecutor(procs) as pool:
        for k, _ in enumerate(pool.map(_render_file, [str(folder)] * len(todo), todo, chunksize=4)):
            if k % 200 == 0:
                print(f"  generated {k}/{len(todo)} files", flush=True)
    done_mark.write_text(json.dumps(plan, indent=0))
    return plan


# ------------------------------------------------------------------------------------------------ services


@contextmanager
def s3_server(workdir: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """moto's S3 server on loopback in its own process (as a MinIO server would be), objects over 256 KiB
    spilled to files under ``workdir``; yields host:port and the process."""
    spill = workdir / "s3-spill"
    spill.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "TMPDIR": str(spill), "MOTO_S3_DEFAULT_KEY_BUFFER_SIZE": str(256 * 1024)}
    proc = subprocess.Popen(
        [sys.executable, "-c", MOTO],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        text=True,
        start_new_session=True,
    )
    assert proc.stdout is not None and proc.stdin is not None
    port = proc.stdout.readline().strip()
    if not port.isdigit():
        proc.kill()
        raise SystemExit("the S3 server (moto) did not start")
    try:
        yield f"127.0.0.1:{port}", proc
    finally:
        proc.stdin.close()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()


def s3_env(endpoint: str) -> dict[str, str]:
    return {
        "DONTHU_STORAGE": "s3",
        "DONTHU_S3_ENDPOINT": endpoint,
        "DONTHU_S3_ACCESS_KEY": "testing",
        "DONTHU_S3_SECRET_KEY": "testing-secret",
        "DONTHU_S3_BUCKET": f"donthu-scale-{os.getpid()}",
    }


def group_cpu_seconds(leaders: list[int]) -> float:
    """CPU seconds (user + system, with reaped children such as Tesseract) of every live process in the
    process groups led by ``leaders``."""
    tick = os.sysconf("SC_CLK_TCK")
    groups, total = set(leaders), 0
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) in groups:  # pgrp; then utime, stime, cutime, cstime
            total += sum(int(x) for x in fields[11:15])
    return total / tick


class LoadSampler:
    """The 1-minute load average every ``every`` seconds, in a thread, while the run goes; every ``report_every``
    samples a progress line from ``report`` (pages stored so far), so a long run shows where it is."""

    def __init__(self, report: Callable[[], str], every: float = 15.0, report_every: int = 20) -> None:
        self.samples: list[float] = [os.getloadavg()[0]]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, args=(report, every, report_every), daemon=True)
        self._thread.start()

    def _loop(self, report: Callable[[], str], every: float, report_every: int) -> None:
        while not self._stop.wait(every):
            self.samples.append(os.getloadavg()[0])
            if len(self.samples) % report_every == 0:
                try:
                    line = report()
                except Exception as exc:  # a progress line is not worth failing the run
                    line = repr(exc)
                print(f"  progress: {line}, load {self.samples[-1]:.1f}", flush=True)

    def stop(self) -> list[float]:
        self._stop.set()
        self._thread.join()
        self.samples.append(os.getloadavg()[0])
        return self.samples


# ------------------------------------------------------------------------------------------------ measures


def table_sizes(db_url: str) -> dict[str, int]:
    """Bytes per table of the public schema, its indexes and TOAST included."""
    from sqlalchemy import text

    from donthu.storage.db import session_scope

    with session_scope(db_url) as db:
        rows = db.execute(
            text(
                "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c"
                " JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'm', 'p')"
            )
        ).all()
        rows.append(("(database)", db.scalar(text("SELECT pg_database_size(current_database())"))))
    return {str(name): int(size) for name, size in rows}


def vacuum(db_url: str) -> None:
    """VACUUM ANALYZE, as autovacuum does after a bulk load (it also moves the GIN indexes' pending lists into
    the indexes: straight after the ingest they hold megabytes whatever the number of rows)."""
    from sqlalchemy import text

    from donthu.storage.db import get_engine

    with get_engine(db_url).connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))


def page_figures(db_url: str) -> dict:
    """Pages, OCR cost per page (mean, median over OCR-read pages), documents and cases."""
    from sqlalchemy import text

    from donthu.storage.db import session_scope

    with session_scope(db_url) as db:
        pages, ocr_pages, mean, median, p95 = db.execute(
            text(
                "SELECT count(*), count(*) FILTER (WHERE source = 'ocr' AND NOT blank),"
                " avg(ocr_seconds) FILTER (WHERE source = 'ocr' AND NOT blank),"
                " percentile_cont(0.5) WITHIN GROUP (ORDER BY ocr_seconds) FILTER (WHERE source = 'ocr' AND NOT blank),"
                " percentile_cont(0.95) WITHIN GROUP (ORDER BY ocr_seconds) FILTER (WHERE source = 'ocr' AND NOT blank)"
                " FROM pages"
            )
        ).one()
        docs = dict(db.execute(text("SELECT status, count(*) FROM documents GROUP BY status")).all())
        cases = db.scalar(text("SELECT count(*) FROM cases")) or 0
    return {
        "pages": int(pages),
        "ocr_pages": int(ocr_pages),
        "ocr_mean": float(mean or 0),
        "ocr_median": float(median or 0),
        "ocr_p95": float(p95 or 0),
        "documents": {str(k): int(v) for k, v in docs.items()},
        "cases": int(cases),
    }


def store_bytes() -> dict[str, tuple[int, int]]:
    """Objects and bytes per top-level prefix of the configured bucket (originals, pages, searchable, ...)."""
    from donthu.config import get_settings
    from donthu.storage.objects import S3Store, make_store

    store = make_store(get_settings())
    assert isinstance(store, S3Store)
    out: dict[str, tuple[int, int]] = {}
    for obj in store.client.list_objects(store.bucket, recursive=True):
        kind = (obj.object_name or "").split("/", 1)[0]
        n, size = out.get(kind, (0, 0))
        out[kind] = (n + 1, size + int(obj.size or 0))
    return out


# ------------------------------------------------------------------------------------------------ the run


def timed_run(files: list[Path], leaders: list[int], db_url: str) -> dict:
    """Ingest ``files`` through the configured (Celery) pipeline; wall time per phase, CPU of the workers and
    of this driver, machine load."""
    from sqlalchemy import text

    from donthu.config import get_settings
    from donthu.ingest.pipeline import make_pipeline
    from donthu.storage.db import session_scope

    def progress() -> str:
        with session_scope(db_url) as db:
            n = db.scalar(text("SELECT count(*) FROM pages")) or 0
        t = time.perf_counter() - started
        return f"{n} pages after {t / 60:.0f} min ({n / t * 60:.1f} pages/min)"

    pipe = make_pipeline(get_settings())
    phases: dict[str, float] = {}
    register = pipe.register_all

    def register_timed(*args: object) -> None:  # registration (hash, store originals) is its own phase
        t = time.perf_counter()
        register(*args)  # type: ignore[arg-type]
        phases["register"] = time.perf_counter() - t

    pipe.register_all = register_timed  # type: ignore[method-assign]
    cpu_workers, cpu_self = group_cpu_seconds(leaders), time.process_time()
    started = time.perf_counter()
    load = LoadSampler(progress)
    summary = pipe.run(files)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "register_seconds": phases.get("register", 0.0),
        "cpu_workers": group_cpu_seconds(leaders) - cpu_workers,
        "cpu_driver": time.process_time() - cpu_self,
        "load": load.stop(),
        "failures": [f"{f.name}: {f.reason}" for f in summary.failures],
        "files": len(summary.files),
    }


# ------------------------------------------------------------------------------------------------ printout


def human(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if abs(n) < 1000 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return ""


def duration(seconds: float) -> str:
    if seconds >= 2 * 86400:
        return f"{seconds / 86400:.1f} days"
    return f"{seconds / 3600:.1f} h"


def print_run(r: dict, figs: dict, workers: int) -> None:
    pages, secs = figs["pages"], r["seconds"]
    read = secs - r["register_seconds"]
    load = r["load"]
    print(f"\nfiles: {r['files']}   documents: {figs['documents']}   cases: {figs['cases']}   pages: {pages}")
    for f in r["failures"]:
        print(f"    failed: {f}")
    print(
        f"wall time: {secs:.0f} s ({secs / 60:.1f} min): registration (hash, originals to S3, page count)"
        f" {r['register_seconds']:.0f} s, then reading and finishing {read:.0f} s"
    )
    print(
        f"throughput: {pages / secs * 60:.1f} pages/min end to end with {workers} workers"
        f" ({pages / secs * 60 / workers:.1f} per worker); {pages / read * 60:.1f} pages/min once reading started"
    )
    print(
        f"OCR cost per page (pages.ocr_seconds, {figs['ocr_pages']} OCR pages): mean {figs['ocr_mean']:.2f} s,"
        f" median {figs['ocr_median']:.2f} s, p95 {figs['ocr_p95']:.2f} s"
    )
    print(
        f"CPU per page: workers {r['cpu_workers'] / pages:.2f} s (all the workers' processes, Tesseract included),"
        f" ingest driver {r['cpu_driver'] / pages:.3f} s, S3 server {r['cpu_s3'] / pages:.3f} s"
    )
    print(
        f"machine load (1-min average): {load[0]:.2f} at start, {load[-1]:.2f} at end, mean {sum(load) / len(load):.2f},"
        f" max {max(load):.2f} over {len(load)} samples, on {os.cpu_count()} cores"
    )


def print_sizes(before: dict[str, int], after: dict[str, int], store: dict[str, tuple[int, int]], pages: int):
    k = 1000 / pages
    grown = {t: after[t] - before.get(t, 0) for t in after if not t.startswith("(straight")}
    raw = after["(straight after the ingest)"] - before["(database)"]
    print(
        f"\ndatabase per 1,000 pages: {human(grown['(database)'] * k)} (pg_database_size after - before, after"
        f" VACUUM ANALYZE; {human(raw * k)} straight after the ingest)"
    )
    for t, b in sorted(grown.items(), key=lambda kv: -kv[1]):
        if t != "(database)" and b > 0:
            print(f"    {t:<22}{human(b * k):>12}")
    total = sum(b for _, b in store.values())
    print(f"object store per 1,000 pages: {human(total * k)}")
    for kind, (n, b) in sorted(store.items(), key=lambda kv: -kv[1][1]):
        print(f"    {kind:<22}{human(b * k):>12}   ({n} objects, {human(b / max(n, 1))} each)")


def print_extrapolation(r: dict, figs: dict, db_bytes: int, store_total: int, workers: int) -> None:
    pages = figs["pages"]
    cpu = r["cpu_workers"] / pages  # worker CPU seconds per page
    wall_rate = pages / r["seconds"] / workers  # pages/s per worker, this run, this machine's load
    print(f"\n1,000,000 pages (extrapolated linearly from {pages} pages):")
    print(f"    worker CPU: {MILLION * cpu / 3600:,.0f} core-hours ({cpu:.2f} s per page)")
    for label, span in (("a week", WEEK), ("a month (30 days)", MONTH)):
        busy = MILLION * cpu / span
        print(
            f"    to finish in {label}: {busy:.2f} cores busy all the time -> {math.ceil(busy * CORE_HEADROOM)}"
            f" worker cores with {CORE_HEADROOM - 1:.0%} headroom"
        )
    print(
        "    time with N workers (one core each): at the measured CPU cost | at this run's wall rate per worker"
    )
    for n in (2, 8, 16):
        print(
            f"      {n:>2} workers: {duration(MILLION * cpu / n):>10} | {duration(MILLION / (wall_rate * n)):>10}"
        )
    db = db_bytes / pages * MILLION
    st = store_total / pages * MILLION
    print(
        f"    database: {human(db)} -> plan {human(db * DB_HEADROOM)} ({DB_HEADROOM - 1:.0%} headroom: index growth,"
        " dead rows before vacuum, WAL)"
    )
    print(
        f"    object store: {human(st)} -> plan {human(st * STORE_HEADROOM)} ({STORE_HEADROOM - 1:.0%} headroom;"
        " a replica or backup copy comes on top)"
    )
    print(
        f"    besides the workers: the ingest driver {r['cpu_driver'] / pages * MILLION / 3600:,.0f} core-hours,"
        f" the S3 server {r['cpu_s3'] / pages * MILLION / 3600:,.0f} core-hours (PostgreSQL's not measured)"
    )


def measure(files: list[Path], workdir: Path, args: argparse.Namespace) -> None:
    with s3_server(workdir) as (endpoint, s3_proc):
        with queue_run("scale", workdir, args.pg, args.redis, args.workers, s3_env(endpoint)) as qr:
            before = table_sizes(qr.db_url)
            s3_cpu = group_cpu_seconds([s3_proc.pid])
            r = timed_run(files, [p.pid for p in qr.procs], qr.db_url)
            r["cpu_s3"] = group_cpu_seconds([s3_proc.pid]) - s3_cpu
            raw = table_sizes(qr.db_url)["(database)"]
            vacuum(qr.db_url)
            after = table_sizes(qr.db_url)
            after["(straight after the ingest)"] = raw
            figs = page_figures(qr.db_url)
            store = store_bytes()
    print_run(r, figs, args.workers)
    print_sizes(before, after, store, figs["pages"])
    db_bytes = after["(database)"] - before["(database)"]
    print_extrapolation(r, figs, db_bytes, sum(b for _, b in store.values()), args.workers)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=5000, help="pages in the backlog (5,000 for the sizing)")
    ap.add_argument("--workers", type=int, default=2, help="Celery workers, one process each")
    ap.add_argument(
        "--pg",
        default=os.environ.get("DONTHU_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"),
        help="an administrator's URL: a fresh database is created beside it and dropped afterwards",
    )
    ap.add_argument("--redis", default="redis://127.0.0.1:6379/15", help="the Celery broker")
    ap.add_argument(
        "--cache", type=Path, help="the generated backlog (default /work/bench-cache/archive-PAGES)"
    )
    ap.add_argument(
        "--aged",
        action="store_true",
        help="add the old-copy profiles (fax, typewriter, carbon, faded, punched, border, handwritten...)",
    )
    ap.add_argument("--generate-only", action="store_true", help="only build the cached backlog")
    args = ap.parse_args()

    cache = args.cache or Path(f"/work/bench-cache/archive-{args.pages}{'-aged' if args.aged else ''}")
    t = time.perf_counter()
    plan = ensure_backlog(cache, args.pages, args.aged)
    files = [cache / item["path"] for item in plan]
    print(
        f"backlog: {sum(i['pages'] for i in plan)} pages in {len(files)} files in {cache}"
        f" ({time.perf_counter() - t:.0f} s to generate or check)"
    )
    if args.generate_only:
        return
    kinds = {}
    for i in plan:
        kinds[i["profile"]] = kinds.get(i["profile"], 0) + i["pages"]
    print("pages per scan profile: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print(
        f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f} at start;"
        f" {args.workers} Celery workers (1 process each), PostgreSQL, S3 (moto), broker {args.redis}"
    )
    workdir = Path(tempfile.mkdtemp(prefix="donthu-archive-scale-"))
    try:
        measure(files, workdir, args)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
