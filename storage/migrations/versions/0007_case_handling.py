"""Case handling after verification: the units tree, the handling timeline (append-only), issued letters;
a case's unit, stage, assigned officer and identity unit; a user's unit

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        'units',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=40), nullable=False),
        sa.Column('name', sa.String(length=300), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('parent_code', sa.String(length=40), nullable=True),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('abolished_on', sa.Date(), nullable=True),
        sa.Column('successor_code', sa.String(length=40), nullable=True),
        sa.Column('remote', sa.Boolean(), nullable=False),
        sa.Column('parent_name', sa.String(length=300), nullable=False),
        sa.Column('symbol', sa.String(length=40), nullable=False),
        sa.Column('place', sa.String(length=100), nullable=False),
        sa.Column('signer_title', sa.String(length=200), nullable=False),
        sa.Column('signer_name', sa.String(length=200), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_units_code', 'units', ['code'], unique=True)
    op.create_index('ix_units_parent_code', 'units', ['parent_code'])

    op.create_table(
        'handling_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.String(length=40), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('at', TZ, nullable=False),
        sa.Column('actor', sa.String(length=100), nullable=False),
        sa.Column('unit_code', sa.String(length=40), nullable=True),
        sa.Column('to_unit', sa.String(length=40), nullable=True),
        sa.Column('to_body', sa.Text(), nullable=True),
        sa.Column('basis', sa.Text(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    for col in ('case_id', 'kind', 'at', 'unit_code', 'to_unit'):
        op.create_index(f'ix_handling_events_{col}', 'handling_events', [col])

    op.create_table(
        'letters',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.String(length=40), nullable=False),
        sa.Column('event_id', sa.Integer(), sa.ForeignKey('handling_events.id'), nullable=True),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('unit_code', sa.String(length=40), nullable=False),
        sa.Column('series', sa.String(length=40), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('issued_at', TZ, nullable=False),
        sa.Column('actor', sa.String(length=100), nullable=False),
        sa.Column('context', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('unit_code', 'series', 'year', 'number'),
    )
    op.create_index('ix_letters_case_id', 'letters', ['case_id'])
    op.create_index('ix_letters_event_id', 'letters', ['event_id'])

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit_code', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('handling_stage', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('assigned_to', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('identity_unit', sa.String(length=40), nullable=True))
        batch_op.create_index('ix_cases_unit_code', ['unit_code'])
        batch_op.create_index('ix_cases_handling_stage', ['handling_stage'])
        batch_op.create_index('ix_cases_assigned_to', ['assigned_to'])
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit_code', sa.String(length=40), nullable=True))
        batch_op.create_index('ix_users_unit_code', ['unit_code'])

    # cases verified before handling existed wait for a decision
    op.execute("UPDATE cases SET handling_stage = 'cho_xu_ly' WHERE status = 'verified'")
    _append_only('handling_events')


def _append_only(table: str) -> None:
    """The same refusal of UPDATE and DELETE as audit_log and case_history (migration 0003)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION donthu_append_only()")
    else:
        for what in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER {table}_no_{what.lower()} BEFORE {what} ON {table} "
                       f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS handling_events_append_only ON handling_events")
    else:
        for what in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS handling_events_no_{what}")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index('ix_users_unit_code')
        batch_op.drop_column('unit_code')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        for col in ('assigned_to', 'handling_stage', 'unit_code'):
            batch_op.drop_index(f'ix_cases_{col}')
        for col in ('identity_unit', 'assigned_to', 'handling_stage', 'unit_code'):
            batch_op.drop_column(col)
    op.drop_table('letters')
    op.drop_table('handling_events')
    op.drop_table('units')
