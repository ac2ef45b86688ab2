"""Settings that used to bypass ``Settings`` (read with os.environ, so donthu.toml silently ignored them) now come
from a settings file too: the session key, the agency printed on receipts and the extra days off."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from itsdangerous import URLSafeTimedSerializer
from stationkit import login, seed_case, users

from donthu.api.app import create_app
from donthu.api.sessions import PRE_COOKIE
from donthu.config import get_settings, reset_settings
from donthu.storage.db import session_scope
from donthu.storage.objects import make_store

KEY = "cle-de-test-lue-dans-le-fichier-de-reglages-0123456789"


def test_secret_key_agency_and_days_off_from_the_settings_file(
    db_url: str, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    toml = tmp_path / "donthu.toml"
    toml.write_text(
        f'secret_key = "{KEY}"\n'
        'agency_name = "BAN TIẾP CÔNG DÂN HUYỆN GIA LÂM"\n'
        'extra_holidays = "2025-03-10,2025-03-11"\n',
        encoding="utf-8",
    )
    for name in ("DONTHU_SECRET_KEY", "DONTHU_AGENCY_NAME", "DONTHU_EXTRA_HOLIDAYS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DONTHU_SETTINGS_FILE", str(toml))
    reset_settings()
    settings = get_settings()
    store = make_store(settings)
    monday = dt.datetime(2025, 3, 3, 3, 0, tzinfo=dt.UTC)  # 10:00 Monday 3 March 2025, Hà Nội
    with session_scope() as db:
        users(db, extra=())
        case_id = seed_case(db, store, 1, received_at=monday).case_id
    client = TestClient(create_app(settings))

    # the secret key: the pre-login cookie is signed with the file's key, none is generated into data_dir
    client.get("/login")
    signed = client.cookies.get(PRE_COOKIE)
    assert signed and "csrf" in URLSafeTimedSerializer(KEY, salt="donthu-pre-login").loads(signed)
    assert not (data_dir / "secret_key").exists()

    assert login(client, "reception") == 303
    receipt = client.get(f"/cases/{case_id}/receipt").text
    # the agency's name on the receipt
    assert "BAN TIẾP CÔNG DÂN HUYỆN GIA LÂM" in receipt
    # the extra days off: due 19/03/2025 instead of 17/03/2025
    assert "19/03/2025" in receipt and "17/03/2025" not in receipt
