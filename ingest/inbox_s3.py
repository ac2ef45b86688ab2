"""The scanner inbox in an S3 bucket (``donthu inbox watch-s3``): objects put under a prefix
(``DONTHU_INBOX_BUCKET``, ``DONTHU_INBOX_PREFIX``) are ingested exactly once and moved to the ``processed/`` and
``failed/`` prefixes of the same bucket. The finished state is one object per file
(``.donthu-inbox-state/<sha256>.json``), and a moved copy carries the file's hash (``x-amz-meta-sha256``), so a
copy made before a crash is found and not made twice. The shared loop: ingest/inbox.py.
"""

from __future__ import annotations

import io
import json
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Settings, get_settings
from .inbox import InboxResult, _Watcher, is_candidate_name
from .pipeline import Pipeline

if TYPE_CHECKING:
    from minio import Minio

log = logging.getLogger("donthu.inbox")

STATE_PREFIX = ".donthu-inbox-state/"
SHA_META = "sha256"  # user metadata on moved objects: x-amz-meta-sha256


class _S3State:
    """Hashes the watcher has finished, one small JSON object each (``<prefix><sha256>.json``) in the bucket."""

    def __init__(self, client: Minio, bucket: str, prefix: str = STATE_PREFIX) -> None:
        self.client, self.bucket, self.prefix = client, bucket, prefix
        self.done: dict[str, dict] = {}  # cache of records read or written

    def _key(self, digest: str) -> str:
        return f"{self.prefix}{digest}.json"

    def get(self, digest: str) -> dict | None:
        if digest in self.done:
            return self.done[digest]
        data = _s3_read(self.client, self.bucket, self._key(digest))
        if data is None:
            return None
        try:
            rec = json.loads(data)
        except ValueError:  # cannot happen with atomic PUTs; treat as not finished (the pipeline dedupes)
            return None
        self.done[digest] = rec
        return rec

    def add(self, rec: dict) -> None:
        data = json.dumps(rec, ensure_ascii=False).encode("utf-8")
        self.client.put_object(
            self.bucket,
            self._key(rec["sha256"]),
            io.BytesIO(data),
            len(data),
            content_type="application/json",
        )
        self.done[rec["sha256"]] = rec


def _missing(exc: Exception) -> bool:
    from ..storage.objects import S3_MISSING

    return getattr(exc, "code", None) in S3_MISSING


def _s3_read(client: Minio, bucket: str, key: str) -> bytes | None:
    from ..storage.objects import ObjectNotFound, s3_get

    try:
        return s3_get(client, bucket, key)
    except ObjectNotFound:
        return None


@dataclass(frozen=True)
class InboxObject:
    key: str  # full object key, e.g. incoming/scan 001.pdf
    name: str  # the key after the inbox prefix
    etag: str


def _norm_prefix(prefix: str) -> str:
    prefix = prefix.strip().lstrip("/")
    return prefix if not prefix or prefix.endswith("/") else prefix + "/"


def _local_name(name: str, limit: int = 200) -> str:
    """The object's name as a local file name (the pipeline records it): at most ``limit`` bytes, no NUL."""
    name = name.replace("\0", "_")
    if len(name.encode("utf-8")) <= limit:
        return name
    stem, suffix = os.path.splitext(name)
    suffix = suffix if len(suffix.encode("utf-8")) <= 16 else ""
    room = limit - len(suffix.encode("utf-8"))
    return stem.encode("utf-8")[:room].decode("utf-8", "ignore") + suffix


def _s3_transient_errors() -> tuple[type[BaseException], ...]:
    from minio.error import MinioException
    from urllib3.exceptions import HTTPError

    return (MinioException, HTTPError, OSError)


class S3InboxWatcher(_Watcher[InboxObject]):
    """An inbox under a prefix of an S3 bucket; objects move to ``processed/`` and ``failed/`` of that bucket.

    Only objects directly under the prefix count (deeper "folders" are left alone). The client is the one the
    object store builds from the ``DONTHU_S3_*`` settings; the bucket is created when missing.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        bucket: str | None = None,
        prefix: str | None = None,
        settle_seconds: float = 2.0,
        poll_seconds: float = 2.0,
        pipeline: Pipeline | None = None,
        client: Minio | None = None,
        processed_prefix: str = "processed/",
        failed_prefix: str = "failed/",
        state_prefix: str = STATE_PREFIX,
        heartbeat: Path | None = None,
    ) -> None:
        s = settings or get_settings()
        self.bucket = bucket or s.inbox_bucket
        if not self.bucket:
            raise ValueError("no inbox bucket: set DONTHU_INBOX_BUCKET")
        self.prefix = _norm_prefix(s.inbox_prefix if prefix is None else prefix)
        self.processed_prefix, self.failed_prefix = (
            _norm_prefix(processed_prefix),
            _norm_prefix(failed_prefix),
        )
        state_prefix = _norm_prefix(state_prefix)
        for other in (self.processed_prefix, self.failed_prefix, state_prefix):
            if not other or (
                self.prefix and (other.startswith(self.prefix) or self.prefix.startswith(other))
            ):
                raise ValueError(f"inbox prefix {self.prefix!r} overlaps {other!r}")
        if client is None:
            from ..storage.objects import s3_client

            client = s3_client(s)
        self.client = client
        if not self.client.bucket_exists(self.bucket):
            self.client.make_bucket(self.bucket)
        self.transient_errors = _s3_transient_errors()
        super().__init__(s, settle_seconds, poll_seconds, pipeline, heartbeat)
        self.state = _S3State(self.client, self.bucket, state_prefix)

    @property
    def url(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"

    def _candidates(self) -> Iterator[tuple[str, Hashable, InboxObject]]:
        for obj in self.client.list_objects(self.bucket, prefix=self.prefix, recursive=False):
            key = obj.object_name or ""
            name = key[len(self.prefix) :]
            if obj.is_dir or "/" in name or not is_candidate_name(name):
                continue
            etag = obj.etag or ""
            yield name, (obj.size, etag, obj.last_modified), InboxObject(key, name, etag)

    def _name(self, item: InboxObject) -> str:
        return item.name

    @contextmanager
    def _fetch(self, items: list[InboxObject]) -> Iterator[list[tuple[InboxObject, Path]]]:
        """Download each object, under its own name, into a temporary folder removed afterwards."""
        from minio.error import S3Error

        with tempfile.TemporaryDirectory(prefix="donthu-inbox-") as tmp:
            out: list[tuple[InboxObject, Path]] = []
            for obj in items:
                path = Path(tmp) / _local_name(obj.name)
                try:  # If-Match: exactly the version that settled, not one uploaded since
                    resp = self.client.get_object(
                        self.bucket, obj.key, request_headers={"If-Match": f'"{obj.etag}"'}
                    )
                except S3Error as exc:
                    if _missing(exc) or exc.code == "PreconditionFailed":  # gone or replaced: next poll
                        self._seen.pop(obj.name, None)
                        continue
                    raise
                try:
                    with open(path, "wb") as fh:
                        shutil.copyfileobj(resp, fh, 1 << 20)
                finally:
                    resp.close()
                    resp.release_conn()
                out.append((obj, path))
            yield out

    def _free_key(self, folder: str, name: str, digest: str) -> tuple[str, bool]:
        """The key to move to, and whether a copy of this very file (same hash) is already there."""
        stem, suffix = os.path.splitext(name)
        n = 0
        while True:
            key = f"{folder}{name}" if n == 0 else f"{folder}{stem}.{n}{suffix}"
            stored = self._stored_hash(key)
            if stored is None:
                return key, False
            if stored == digest:
                return key, True
            n += 1

    def _stored_hash(self, key: str) -> str | None:
        """None when there is no such object, else the hash recorded on it ("" when none)."""
        from minio.error import S3Error

        try:
            meta = self.client.stat_object(self.bucket, key).metadata or {}
        except S3Error as exc:
            if _missing(exc):
                return None
            raise
        return str(meta.get(f"x-amz-meta-{SHA_META}") or "")

    def _move(self, item: InboxObject, digest: str, bad: bool, reason: str | None) -> str:
        """Copy to processed/ or failed/ (with the hash in the metadata), write the reason, delete the original."""
        from minio.commonconfig import REPLACE, CopySource
        from minio.error import S3Error

        dest, copied = self._free_key(self.failed_prefix if bad else self.processed_prefix, item.name, digest)
        if not copied:
            src = self.client.stat_object(self.bucket, item.key)
            meta: dict[str, str | list[str] | tuple[str]] = {
                SHA_META: digest,
                "Content-Type": src.content_type or "application/octet-stream",
            }
            try:
                self.client.copy_object(
                    self.bucket,
                    dest,
                    CopySource(self.bucket, item.key, match_etag=item.etag),
                    metadata=meta,
                    metadata_directive=REPLACE,
                )
            except S3Error as exc:
                if exc.code != "PreconditionFailed":
                    raise
                # replaced by a new upload since it was read: leave the new one for the next poll
                log.warning(
                    "inbox: %s changed while it was ingested; the new version stays in the inbox",
                    item.key,
                    extra={"document": item.name},
                )
                return item.key
        if reason is not None:
            data = (reason + "\n").encode("utf-8")
            self.client.put_object(
                self.bucket,
                f"{dest}.reason.txt",
                io.BytesIO(data),
                len(data),
                content_type="text/plain; charset=utf-8",
            )
        self.client.remove_object(self.bucket, item.key)
        return dest


def watch_s3(
    settings: Settings | None = None,
    bucket: str | None = None,
    prefix: str | None = None,
    once: bool = False,
    settle_seconds: float = 2.0,
    poll_seconds: float = 2.0,
    stop: threading.Event | None = None,
    heartbeat: Path | None = None,
) -> list[InboxResult]:
    """Ingest objects put under ``prefix`` of ``bucket`` exactly once; see the module docstring."""
    watcher = S3InboxWatcher(
        settings,
        bucket,
        prefix,
        settle_seconds=settle_seconds,
        poll_seconds=poll_seconds,
        heartbeat=heartbeat,
    )
    return watcher.run(once=once, stop=stop)


__all__ = ["STATE_PREFIX", "InboxObject", "S3InboxWatcher", "watch_s3"]
