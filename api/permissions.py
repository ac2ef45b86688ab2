"""Who may do what: the role sets every route and template asks, in one place.

The role names and labels are the case contract's (``contract.ROLES``); who may see a complainant's identity is
the identity policy's (``privacy/policy.py``), asked through :func:`may_see_identity`. The matrix these sets make
is tested route by route in tests/api/test_routes_roles.py.
"""

from __future__ import annotations

from typing import Any

from ..contract import ROLES
from ..privacy import policy

ALL_ROLES: frozenset[str] = frozenset(ROLES)
# identity of a denouncer (tố cáo) is readable only by these roles (Luật Tố cáo art. 8)
CLEARED_FOR_DENOUNCER: frozenset[str] = policy.CLEARED_ROLES
# verifiers, supervisors and admins check, edit, approve and return cases (and only they are cleared to see
# a denouncer's identity)
EDITORS = ("verifier", "supervisor", "admin")
# cleared roles review the redacted copy of a protected case and add masked boxes to it
REVIEWERS = ("verifier", "supervisor", "admin")
# reception uploads scans and follows them through the pipeline
UPLOADERS = ("reception", "admin")
# roles that see every clerk's uploads, not only their own
SUPERVISING = ("admin",)
# receipts (phiếu tiếp nhận) are printed at the desk, and re-printed by whoever handles the case
RECEIPT_PRINTERS = ("reception", "verifier", "supervisor", "admin")
# reception re-submits what it scanned; supervisors and admins clear what is stuck
RETRIERS = ("reception", "supervisor", "admin")
# the accounts screen
ADMINS = ("admin",)
# handling after verification (handling/): officers classify, decide, track and issue letters; the head
# (lãnh đạo) decides on destroying stored petitions and reopens verified cases
HANDLERS = ("verifier", "supervisor", "admin")
LEADERS = ("supervisor", "admin")
# the audit viewer and its export
AUDIT_READERS = ("admin", "supervisor")
# archive batches (issue 15, /luu-tru): archivists (and admins) import boxes, draw the quality-control sample and
# route cases for full checking; supervisors read the batch pages (progress, estimate, decision) but change nothing
ARCHIVISTS = ("archivist", "admin")
ARCHIVE_READERS = ("archivist", "supervisor", "admin")
# who verifies historical cases in the station (status archive_review): the archivists and the editors. An
# archivist is not cleared for a denouncer's identity: a protected case is left to a cleared verifier, and an
# archivist never acts on a live case (pending_verification, returned, verified): api/verification.py
ARCHIVE_VERIFIERS = ("archivist", "verifier", "supervisor", "admin")


def may_see_identity(user: Any, case: Any) -> bool:
    """The one identity policy (privacy/policy.py): fails closed."""
    return policy.may_see_identity(user, case)


def is_cleared(user: Any) -> bool:
    """Whether ``user`` is cleared for a denouncer's identity (sees originals, hashes, duplicate links)."""
    return policy.is_cleared(user)


def sees_all_uploads(user: Any) -> bool:
    return user.role in SUPERVISING


def is_admin(user: Any) -> bool:
    """Admins also read the technical detail of a failed document."""
    return user.role in ADMINS
