"""identity protection: fail-closed flag per case, who released it, redacted copies and ID-card pages

Every existing case starts protected (fail closed); the first `donthu db upgrade` after this migration
re-assesses them with the identity policy (privacy/policy.py), which releases the ones that are plainly not
denunciations and were confirmed by a cleared verifier (verified with a category other than tố cáo).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('identity_protected', sa.Boolean(), nullable=False,
                                      server_default=sa.true()))
        batch_op.add_column(sa.Column('identity_reasons', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('identity_released_by', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('identity_released_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_cases_identity_protected', ['identity_protected'], unique=False)

    with op.batch_alter_table('pages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('redacted_image_key', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('redacted_text', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('redaction', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('id_card', sa.Boolean(), nullable=False, server_default=sa.false()))
    _release_verified_non_denunciations()
    _assess_existing_cases()


def _release_verified_non_denunciations() -> None:
    """Cases a cleared verifier approved with a category other than tố cáo were confirmed by a person."""
    cases = sa.table("cases", sa.column("id", sa.Integer), sa.column("status", sa.String),
                     sa.column("category", sa.String), sa.column("verified_by", sa.String),
                     sa.column("verified_at", sa.DateTime(timezone=True)),
                     sa.column("identity_protected", sa.Boolean),
                     sa.column("identity_released_by", sa.String),
                     sa.column("identity_released_at", sa.DateTime(timezone=True)))
    op.get_bind().execute(
        cases.update()
        .where(cases.c.status == "verified", cases.c.category.is_not(None), cases.c.category != "to_cao",
               cases.c.verified_by.is_not(None))
        .values(identity_protected=False, identity_released_by=cases.c.verified_by,
                identity_released_at=cases.c.verified_at))


def _assess_existing_cases() -> None:
    """Run the identity policy once over the cases that exist (new writes run it in storage/models.py)."""
    from donthu.privacy.policy import assess, text_signals

    cases = sa.table("cases", sa.column("id", sa.Integer), sa.column("category", sa.String),
                     sa.column("confidence", sa.JSON), sa.column("extra", sa.JSON), sa.column("text", sa.Text),
                     sa.column("identity_released_by", sa.String), sa.column("identity_protected", sa.Boolean),
                     sa.column("identity_reasons", sa.JSON))
    bind = op.get_bind()
    rows = bind.execute(sa.select(cases.c.id, cases.c.category, cases.c.confidence, cases.c.extra, cases.c.text,
                                  cases.c.identity_released_by)).all()
    for id_, category, confidence, extra, text, released in rows:
        extra = extra or {}
        readable = bool((text or "").strip()) and not (extra.get("needs_manual") or extra.get("extraction_error"))
        result = assess(category=category, confidence=confidence, signals=text_signals(text, extra.get("title")),
                        readable=readable, released=bool(released))
        bind.execute(cases.update().where(cases.c.id == id_).values(identity_protected=result.protected,
                                                                     identity_reasons=list(result.reasons)))


def downgrade() -> None:
    with op.batch_alter_table('pages', schema=None) as batch_op:
        batch_op.drop_column('id_card')
        batch_op.drop_column('redaction')
        batch_op.drop_column('redacted_text')
        batch_op.drop_column('redacted_image_key')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_identity_protected')
        batch_op.drop_column('identity_released_at')
        batch_op.drop_column('identity_released_by')
        batch_op.drop_column('identity_reasons')
        batch_op.drop_column('identity_protected')
