"""The "same person" view: every petition of the same complainant (same ID number, or same name and address,
folded), and the vụ việc a case belongs to (its duplicate group) with the fields for a side-by-side comparison.

Identity decides everything here (privacy/policy.py): a case is matched by the person only when the user may
see its complainant, and a duplicate link (which says "the same person wrote again") is followed only when the
user may see both ends; every identity field the user may not see reads ``HIDDEN``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..config import Settings
from ..handling.views import home_unit, unit_condition, visible_units
from ..privacy.policy import HIDDEN, IdentityRule, identity_visibility
from ..storage.models import Case
from ..storage.search_index import id_key, identity_condition, person_key, redacted_texts, search_docs

D = search_docs.c
MAX_CASES = 200
SUMMARY = 300


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.isoformat()


def case_row(case: Case, rule: IdentityRule, redacted: str | None = None) -> dict[str, Any]:
    """One case as the comparison shows it, the identity per policy."""
    seen = rule.allows(case.identity_protected, case.identity_unit)
    text = case.text if seen else redacted
    return {
        "case_id": case.case_id,
        "received_at": _iso(case.received_at),
        "petition_date": _iso(case.petition_date),
        "status": case.status,
        "category": case.category,
        "domain": case.domain,
        "unit_code": case.unit_code,
        "handling_stage": case.handling_stage,
        "recipient": case.recipient,
        "respondent": case.respondent,
        "subject": case.subject,
        "name": case.complainant_name if seen else HIDDEN,
        "address": case.complainant_address if seen else HIDDEN,
        "id_number": case.complainant_id_number if seen else HIDDEN,
        "phone": case.complainant_phone if seen else HIDDEN,
        "signatory_count": case.signatory_count if seen else None,
        "duplicate_of": None,
        "identity_hidden": not seen,
        "summary": " ".join((text or "").split())[:SUMMARY] if text is not None else HIDDEN,
    }


def _scope(db: Session, user: Any, settings: Settings) -> Any:
    return unit_condition(visible_units(db, user, settings), home_unit(db, settings))


def same_person(db: Session, user: Any, settings: Settings, case: Case) -> list[dict[str, Any]]:
    """Other petitions of this case's complainant the user may see: the same ID number, or the same folded
    name and address. Nothing when the user may not see this case's complainant (fails closed)."""
    rule = identity_visibility(user)
    if not rule.allows(case.identity_protected, case.identity_unit):
        return []
    by_id = id_key(case.complainant_id_number, (case.extra or {}).get("id_digits"))
    by_person = person_key(case.complainant_name, case.complainant_address)
    keys = ([D.id_key == by_id] if by_id else []) + ([D.person_key == by_person] if by_person else [])
    if not keys:
        return []
    rows = db.execute(
        select(D.case_pk, D.id_key, D.person_key)
        .select_from(search_docs.join(Case.__table__, Case.id == D.case_pk))
        .where(or_(*keys), D.case_pk != case.id, identity_condition(rule), _scope(db, user, settings))
        .order_by(D.received_at, D.case_pk)
        .limit(MAX_CASES)
    ).all()
    found = {c.id: c for c in db.scalars(select(Case).where(Case.id.in_([r.case_pk for r in rows])))}
    out = []
    for r in rows:
        other = found.get(r.case_pk)
        if other is None or not rule.allows(other.identity_protected, other.identity_unit):
            continue
        row = case_row(other, rule)
        row["duplicate_of"] = other.duplicate_of
        row["match"] = "id_number" if by_id and r.id_key == by_id else "name_address"
        out.append(row)
    return out


def duplicate_group(db: Session, user: Any, settings: Settings, case: Case) -> list[dict[str, Any]]:
    """The vụ việc: ``case`` and every case linked to it by ``duplicate_of``, both ways and step by step, that
    the user may see (unit scope), oldest first, for a side-by-side comparison. A link is followed only when
    the user may see the complainant of both cases (the link itself says "the same person")."""
    rule = identity_visibility(user)
    scope = _scope(db, user, settings)
    group: dict[str, Case] = {str(case.case_id): case}
    frontier = [case] if rule.allows(case.identity_protected, case.identity_unit) else []
    while frontier and len(group) < MAX_CASES:
        ids = [str(c.case_id) for c in frontier]
        parents = [c.duplicate_of for c in frontier if c.duplicate_of]
        linked = db.scalars(
            select(Case)
            .where(or_(Case.duplicate_of.in_(ids), Case.case_id.in_(parents)), scope)
            .order_by(Case.id)
            .limit(MAX_CASES)
        )
        frontier = []
        for other in linked:
            if other.case_id in group or not rule.allows(other.identity_protected, other.identity_unit):
                continue
            group[str(other.case_id)] = other
            frontier.append(other)
    members = sorted(group.values(), key=lambda c: (_iso(c.received_at) or "", c.id))
    hidden = [c for c in members if not rule.allows(c.identity_protected, c.identity_unit)]
    redacted = redacted_texts(db.connection(), hidden) if hidden else {}
    out = []
    for member in members:
        row = case_row(member, rule, redacted.get(member.id))
        if member.duplicate_of in group and not row["identity_hidden"]:
            row["duplicate_of"] = member.duplicate_of
        row["this"] = member.id == case.id
        out.append(row)
    return out


__all__ = ["case_row", "duplicate_group", "same_person"]
