"""The role sets of api/permissions.py: made of the contract's roles, and only cleared roles edit or review
(editing and reviewing show a denouncer's identity, which only privacy.policy.CLEARED_ROLES may see)."""

from __future__ import annotations

from donthu.api import permissions
from donthu.contract import ROLES
from donthu.privacy import policy


def test_role_sets_name_contract_roles() -> None:
    for name in ("EDITORS", "REVIEWERS", "UPLOADERS", "SUPERVISING", "RECEIPT_PRINTERS", "RETRIERS"):
        assert set(getattr(permissions, name)) <= set(ROLES), name
    assert set(permissions.ADMINS) | set(permissions.AUDIT_READERS) <= set(ROLES)
    assert permissions.ALL_ROLES == set(ROLES)


def test_only_cleared_roles_edit_or_review() -> None:
    assert permissions.CLEARED_FOR_DENOUNCER == policy.CLEARED_ROLES
    assert set(permissions.EDITORS) <= permissions.CLEARED_FOR_DENOUNCER
    assert set(permissions.REVIEWERS) <= permissions.CLEARED_FOR_DENOUNCER
