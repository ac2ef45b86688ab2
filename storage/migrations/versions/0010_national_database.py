"""Issue 14: national database export runs (sync state), append-only

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
TABLE = 'exchange_runs'


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('profile', sa.String(length=80), nullable=False),
        sa.Column('started_at', TZ, nullable=False),
        sa.Column('finished_at', TZ, nullable=False),
        sa.Column('since', TZ, nullable=True),
        sa.Column('until', TZ, nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('actor', sa.String(length=100), nullable=False),
        sa.Column('output', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('detail', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    for col in ('profile', 'until', 'status'):
        op.create_index(f'ix_{TABLE}_{col}', TABLE, [col])
    # what was sent to the national database is evidence (NĐ 55/2022 art. 8, 11): never changed or deleted,
    # as audit_log (migration 0003) and handling_events (0007)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
                   "FOR EACH ROW EXECUTE FUNCTION donthu_append_only()")
    else:
        for what in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER {TABLE}_no_{what.lower()} BEFORE {what} ON {TABLE} "
                       f"BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}")
    else:
        for what in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_{what}")
    op.drop_table(TABLE)
