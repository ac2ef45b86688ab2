"""Object store: a local directory (embedded default) or an S3-protocol server (MinIO, AWS, ...)."""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Protocol

from ..config import Settings, get_settings

if TYPE_CHECKING:
    from minio import Minio


class ObjectStore(Protocol):
    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None: ...
    def put_file(
        self,
        key: str,
        src: BinaryIO | Path,
        size: int | None = None,
        content_type: str = "application/octet-stream",
    ) -> None: ...
    def get(self, key: str) -> bytes: ...
    def exists(self, key: str) -> bool: ...
    def delete(self, key: str) -> None: ...


class ObjectNotFound(KeyError):
    pass


CHUNK = 1 << 20  # streamed writes go in pieces of 1 MiB


@contextmanager
def _reader(src: BinaryIO | Path) -> Iterator[BinaryIO]:
    """An open binary stream: the one given (read from its current position) or the file at a path."""
    if isinstance(src, (str, Path)):
        with open(src, "rb") as fh:
            yield fh
    else:
        yield src


def _check_key(key: str) -> str:
    parts = key.split("/")
    if not key or key.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"invalid object key: {key!r}")
    return key


class LocalStore:
    """Objects as files under a directory; writes are atomic (temp file + rename)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        return self.root / _check_key(key)

    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def put_file(
        self,
        key: str,
        src: BinaryIO | Path,
        size: int | None = None,
        content_type: str = "application/octet-stream",
    ) -> None:
        """Store a file (a path, or a stream read to its end) in chunks: never whole in memory."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out, _reader(src) as fh:
                shutil.copyfileobj(fh, out, CHUNK)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError as exc:
            raise ObjectNotFound(key) from exc

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


def _minio(endpoint: str, access_key: str, secret_key: str, secure: bool, region: str) -> Minio:
    from minio import Minio

    return Minio(endpoint, access_key=access_key, secret_key=secret_key, secure=secure, region=region)


def s3_client(settings: Settings | None = None) -> Minio:
    """A ``minio`` client for the configured S3 server (``DONTHU_S3_*``), e.g. for the scanner inbox bucket."""
    s = settings or get_settings()
    return _minio(s.s3_endpoint, s.s3_access_key, s.s3_secret_key, s.s3_secure, s.s3_region)


class S3Store:
    """Objects in one bucket of an S3-protocol server, through the ``minio`` client."""

    def __init__(
        self,
        endpoint: str,
        access_key: str,
        secret_key: str,
        bucket: str,
        secure: bool = False,
        region: str = "us-east-1",
    ) -> None:
        self.client = _minio(endpoint, access_key, secret_key, secure, region)
        self.bucket = bucket
        if not self.client.bucket_exists(bucket):
            self.client.make_bucket(bucket)

    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        self.client.put_object(
            self.bucket, _check_key(key), io.BytesIO(data), len(data), content_type=content_type
        )

    def put_file(
        self,
        key: str,
        src: BinaryIO | Path,
        size: int | None = None,
        content_type: str = "application/octet-stream",
    ) -> None:
        """Stream a file to the bucket (multipart above the part size); ``size`` is the bytes left to read."""
        with _reader(src) as fh:
            if size is None:
                size = os.fstat(fh.fileno()).st_size - fh.tell()
            self.client.put_object(
                self.bucket, _check_key(key), fh, size, content_type=content_type, part_size=16 * CHUNK
            )

    def get(self, key: str) -> bytes:
        return s3_get(self.client, self.bucket, _check_key(key))

    def exists(self, key: str) -> bool:
        from minio.error import S3Error

        try:
            self.client.stat_object(self.bucket, _check_key(key))
            return True
        except S3Error as exc:
            if exc.code in ("NoSuchKey", "NoSuchObject", "NotFound"):
                return False
            raise

    def delete(self, key: str) -> None:
        self.client.remove_object(self.bucket, _check_key(key))


def make_store(settings: Settings | None = None) -> ObjectStore:
    s = settings or get_settings()
    if s.storage == "s3":
        return S3Store(s.s3_endpoint, s.s3_access_key, s.s3_secret_key, s.s3_bucket, s.s3_secure, s.s3_region)
    return LocalStore(s.objects_dir)


S3_MISSING = ("NoSuchKey", "NoSuchObject", "NotFound", "ResourceNotFound")


def s3_get(client: Minio, bucket: str, key: str) -> bytes:
    """An object's bytes; ``ObjectNotFound`` when there is no such object."""
    from minio.error import S3Error

    try:
        resp = client.get_object(bucket, key)
    except S3Error as exc:
        if exc.code in S3_MISSING:
            raise ObjectNotFound(key) from exc
        raise
    try:
        return resp.read()
    finally:
        resp.close()
        resp.release_conn()
