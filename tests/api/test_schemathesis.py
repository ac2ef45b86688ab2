"""Property-based fuzzing of the JSON API from its own OpenAPI schema (schemathesis): no response ≥ 500.

Every operation of ``/openapi.json`` gets generated requests (valid and invalid: huge and negative numbers, NUL
bytes, odd Unicode, odd file names) as the admin (session cookie and CSRF header, so POSTs reach the route and
not only the CSRF wall) and as an anonymous caller, on SQLite and on PostgreSQL. Operations on one case are also
run with the id of a seeded case, so their bodies reach the station's code instead of a 404. The example count
is bounded and derandomized: the same requests every run.
"""

from __future__ import annotations

import copy as _copy
import datetime as dt
import hashlib
import os
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.hypothesis.builder import HypothesisTestConfig, HypothesisTestMode, create_test
from schemathesis.generation.overrides import Override
from schemathesis.python import asgi
from stationkit import PASSWORD, csrf_of, seed_case, users

from donthu.api.app import create_app
from donthu.config import get_settings
from donthu.storage import repo
from donthu.storage.db import session_scope
from donthu.storage.models import Document
from donthu.storage.objects import make_store

# random examples per operation (after its schema examples and boundary values), each run twice: on random ids
# and on seeded ones
EXAMPLES = int(os.environ.get("DONTHU_SCHEMATHESIS_EXAMPLES", "40"))
BASE = f"http://{asgi.HOST}"


def _seed() -> dict[str, Any]:
    store = make_store(get_settings())
    with session_scope() as db:
        users(db, extra=())
        case = seed_case(db, store, 1)
        tc = seed_case(
            db,
            store,
            2,
            category="to_cao",
            name="Lê Văn Hùng",
            received_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=2),
        )
        job = repo.create_upload_job(db, "admin", "cu.pdf", "/nonexistent/cu.pdf", 10)
        job.status = "failed"
        data = b"hong"
        sha = hashlib.sha256(data).hexdigest()
        store.put(f"originals/{sha}", data)
        doc = Document(
            sha256=sha,
            original_name="hong.pdf",
            size=len(data),
            object_key=f"originals/{sha}",
            status="failed",
            error="Tệp PDF bị hỏng",
        )
        db.add(doc)
        db.flush()
        return {"case_id": [case.case_id, tc.case_id], "job_id": [job.id], "doc_id": [doc.id]}


def _routes(routes: list) -> Iterator[APIRoute]:
    for r in routes:
        if hasattr(r, "original_router"):  # an included router (FastAPI keeps them nested)
            yield from _routes(r.original_router.routes)
        elif isinstance(r, APIRoute):
            yield r


def pages_schema(app: Any) -> dict[str, Any]:
    """An OpenAPI schema of the GET routes left out of /openapi.json (the station's HTML pages: queue, case,
    receipts, failed files, accounts and audit screens...), so their query parameters are fuzzed too."""
    hidden = []
    for route in _routes(app.routes):
        if not route.include_in_schema and "GET" in route.methods:
            copy = _copy.copy(route)
            copy.include_in_schema, copy.methods = True, {"GET"}
            hidden.append(copy)
    assert len(hidden) >= 8, [r.path for r in hidden]
    return get_openapi(title="pages", version="1", routes=hidden)


def _client(app: Any, who: str | None) -> asgi.ASGIClient:
    client = asgi.get_client(app)
    if who is not None:
        page = client.get(f"{BASE}/login")
        res = client.post(
            f"{BASE}/login",
            data={"username": who, "password": PASSWORD, "csrf": csrf_of(page.text), "next": "/"},
            allow_redirects=False,
        )
        assert res.status_code == 303, res.text[:200]
        client.headers["X-CSRF-Token"] = csrf_of(client.get(f"{BASE}/").text)
    return client


def fuzz(
    app: Any, raw_schema: dict[str, Any], client: asgi.ASGIClient, ids: dict[str, list[Any]]
) -> tuple[int, list[str]]:
    """Run every operation through schemathesis' phases (schema examples, coverage of boundary and invalid
    values, then random valid and invalid requests); returns (requests sent, the responses ≥ 500)."""
    schema = schemathesis.openapi.from_dict(raw_schema)
    schema.app = app
    sent = 0
    errors: list[str] = []

    def check(case: Any) -> None:
        nonlocal sent
        sent += 1
        try:
            response = case.call(session=client)
        except Exception as exc:  # unhandled in the app: the server would answer 500
            errors.append(
                f"{case.method} {case.formatted_path} query={case.query!r} → "
                f"{type(exc).__name__}: {str(exc)[:160]}"
            )
            return
        if response.status_code >= 500:
            errors.append(
                f"{case.method} {case.formatted_path} query={case.query!r} "
                f"→ {response.status_code} {response.text[:160]!r}"
            )
            return
        case.validate_response(response, checks=[not_a_server_error])

    run_settings = settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    for result in schema.get_all_operations():
        op = result.ok()
        names = {p.name for p in op.path_parameters}
        overrides = [Override()]
        if names and names <= set(ids):  # the same operation on seeded rows
            overrides.append(Override(path_parameters={n: str(ids[n][0]) for n in names}))
        for override in overrides:
            config = HypothesisTestConfig(
                project=schema.config,
                modes=list(HypothesisTestMode),
                settings=run_settings,
                override=override,
            )
            create_test(operation=op, test_func=check, config=config)()
    return sent, errors


@pytest.mark.postgres
def test_no_server_errors_as_admin_and_anonymous(db_url: str) -> None:
    ids = _seed()
    app = create_app()
    admin = _client(app, "admin")
    raw_schema = admin.get(f"{BASE}/openapi.json").json()
    assert len(raw_schema["paths"]) >= 12
    counts: Counter[str] = Counter()
    failures: list[str] = []
    for who, client in (("admin", admin), ("anonymous", _client(app, None))):
        # the anonymous caller gets the admin's schema: the fuzzing must reach every operation's 401
        for schema in (raw_schema, pages_schema(app)):
            sent, errors = fuzz(app, schema, client, ids)
            counts[f"{who} requests"] += sent
            counts[f"{who} ≥500"] += len(errors)
            failures += [f"[{who}] {e}" for e in errors]
        client.close()
    assert app.state.uploads.wait(timeout=120)
    backend = db_url.split(":", 1)[0]
    print(f"\nschemathesis on {backend}: {dict(counts)}")
    assert counts["admin requests"] > 300 and counts["anonymous requests"] > 300
    assert not failures, f"{len(failures)} responses ≥ 500:\n" + "\n".join(failures[:40])
