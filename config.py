"""Configuration: environment variables (prefix ``DONTHU_``) and an optional TOML settings file.

Every setting is documented in README.md ("Configuration"). Precedence: environment variables, then the
settings file named by ``DONTHU_SETTINGS_FILE`` (or ``donthu.toml`` in the working directory), then defaults.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)


def _settings_file() -> Path:
    return Path(os.environ.get("DONTHU_SETTINGS_FILE", "donthu.toml"))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DONTHU_", extra="ignore")

    # where the embedded defaults keep their files (SQLite database, local object store)
    data_dir: Path = Path("data")
    # the agency's own classifier and calibration (`donthu models retrain`); default <data_dir>/models
    model_dir: Path | None = None
    # SQLAlchemy URL; empty means SQLite at <data_dir>/donthu.db
    database_url: str = ""
    # PostgreSQL: the schema owner's URL for `donthu db upgrade` (migrations, grants); empty = database_url.
    # The app itself logs in with database_url as a restricted role (README "Database roles").
    migration_database_url: str = ""
    # the app's PostgreSQL role that `donthu db upgrade` grants to; empty = the user of database_url when it
    # differs from the owner's
    db_app_role: str = ""
    # object store: "local" (a directory) or "s3" (S3 protocol / MinIO)
    storage: Literal["local", "s3"] = "local"
    storage_dir: Path | None = None  # local store directory; default <data_dir>/objects
    s3_endpoint: str = "127.0.0.1:9000"  # host:port, no scheme
    s3_access_key: str = ""
    s3_secret_key: str = ""
    s3_bucket: str = "donthu-archive"
    s3_secure: bool = False
    s3_region: str = "us-east-1"
    # scanner inbox in a bucket of that S3 server (`donthu inbox watch-s3`); empty = not configured
    inbox_bucket: str = ""
    inbox_prefix: str = "incoming/"  # the scanners put files here; processed/ and failed/ sit beside it
    # OCR
    ocr_lang: str = "vie"
    ocr_postcorrect: bool = True  # Vietnamese post-correction of OCR words (ocr/postcorrect.py)
    ocr_engine: str = "tesseract"  # the OCR engine by name (ocr/engine.py; the tests register fakes)
    workers: int = Field(default=0, description="OCR processes; 0 = number of cores")
    render_dpi: int = 300  # resolution used to rasterize PDF pages that have no usable text layer
    max_image_pixels: int = 120_000_000  # refuse images larger than this (image bombs)
    max_file_mb: int = 500
    # web
    host: str = "127.0.0.1"
    port: int = 8000
    # session cookie Secure flag: auto = when the request came over HTTPS (directly, or X-Forwarded-Proto from a
    # trusted proxy); true = always; false = never
    cookie_secure: Literal["auto", "true", "false"] = "auto"
    session_idle_minutes: int = Field(default=30, ge=1)  # a session unused this long ends
    session_max_hours: float = Field(default=12, gt=0)  # a session ends this long after login, used or not
    # comma-separated IPs/CIDRs of reverse proxies whose X-Forwarded-For/-Proto are believed; empty = none
    trusted_proxies: str = ""
    require_admin_totp: bool = False  # admins must enrol a TOTP second factor (authenticator app)
    # key that signs the pre-login cookie; empty = generated once into <data_dir>/secret_key (api/sessions.py)
    secret_key: str = Field(default="", repr=False)
    # receipts (phiếu tiếp nhận): the agency's name printed at the top
    agency_name: str = "BAN TIẾP CÔNG DÂN"
    # the public address of the web app (e.g. https://tiepdan.example.gov.vn): the receipt's QR code then opens
    # the citizen's look-up page {public_url}/tra-cuu-ho-so?ma=<case number>; empty = the QR holds the number only
    public_url: str | None = None
    # extra days off for the processing deadlines, "YYYY-MM-DD,YYYY-MM-DD,..." (public holidays come from
    # the holidays package; a malformed date is skipped: api/deadlines.py)
    extra_holidays: str = ""
    # case handling (handling/): the agency tree file (CSV, `donthu units load`; empty = the bundled sample
    # province), the unit new cases and accounts belong to (a code of that tree; empty = the tree's reception unit)
    units_file: Path | None = None
    home_unit: str = ""
    # the admin's letter templates (DOCX with {{ placeholders }}); a kind missing there uses the bundled one
    letters_dir: Path | None = None
    # national database feed (NĐ 55/2022, exchange/nd55.py): the admin's code-mapping table (CSV
    # group,our_code,nd55_code,label,note); empty = the shipped table of placeholder codes
    nd55_codes_file: Path | None = None
    # targets where the law sets no deadline (DOMAIN §2): a kiến nghị/phản ánh's answer, a reply (phúc đáp) to
    # a forwarded petition, in calendar days
    petition_target_days: int = Field(default=30, ge=1)
    reply_target_days: int = Field(default=30, ge=1)
    # this agency is in a remote area (vùng sâu, vùng xa): longer resolution periods (Luật Khiếu nại art. 28, 37)
    remote_area: bool = False
    # LibreOffice for letters as PDF (the DOCX converted headless); empty = looked up on PATH
    soffice: str = ""
    # observability
    metrics_token: str = ""  # bearer token for /metrics from other hosts; empty = loopback only
    log_format: Literal["text", "json"] = "text"  # json: one JSON object per line with case/task ids
    # work queue: "local" = the in-process pool (no broker); "celery" = Celery tasks through the broker
    queue: Literal["local", "celery"] = "local"
    broker_url: str = "redis://127.0.0.1:6379/0"  # Celery broker (Redis or RabbitMQ)
    celery_queue: str = "donthu"  # Celery queue name the workers consume
    celery_visibility_timeout: int = 300  # seconds before a killed worker's page task is handed to another
    celery_restore_interval: int = 10  # seconds between the workers' sweeps for such tasks (Redis broker)

    @field_validator("cookie_secure", mode="before")
    @classmethod
    def _cookie_secure_word(cls, value: object) -> object:
        words = {"1": "true", "yes": "true", "on": "true", "0": "false", "no": "false", "off": "false"}
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str):
            value = value.strip().lower()
            return words.get(value, value)
        return value

    @field_validator("agency_name", mode="after")
    @classmethod
    def _agency_default(cls, value: str) -> str:
        return value.strip() or "BAN TIẾP CÔNG DÂN"  # an empty setting prints the default

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        path = _settings_file()
        if path.is_file():
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=path))
        return tuple(sources)

    @property
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'donthu.db').resolve()}"

    @property
    def migration_db_url(self) -> str:
        return self.migration_database_url or self.db_url

    @property
    def objects_dir(self) -> Path:
        return self.storage_dir or (self.data_dir / "objects")

    @property
    def agency_model_dir(self) -> Path:
        return self.model_dir or (self.data_dir / "models")

    @property
    def n_workers(self) -> int:
        return self.workers if self.workers > 0 else (os.cpu_count() or 1)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def reset_settings() -> None:
    """Forget the cached settings (tests and the CLI change the environment)."""
    get_settings.cache_clear()
