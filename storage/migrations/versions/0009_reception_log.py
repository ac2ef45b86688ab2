"""Issue 14: reception log (sổ tiếp công dân), leaders' reception days

Models: reception/models.py. Rows are never deleted (a visit is cancelled with a reason): a trigger refuses
DELETE on both tables. UPDATE stays allowed (visits are corrected, each change audited), so the tables are not
append-only and the app role keeps its ordinary privileges on them.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
TABLES = ('reception_visits', 'reception_days')


def upgrade() -> None:
    op.create_table(
        'reception_days',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_code', sa.String(length=40), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('leader_name', sa.String(length=200), nullable=False),
        sa.Column('leader_title', sa.String(length=200), nullable=False),
        sa.Column('conclusion', sa.Text(), nullable=False),
        sa.Column('concluded_by', sa.String(length=100), nullable=True),
        sa.Column('concluded_at', TZ, nullable=True),
        sa.Column('actor', sa.String(length=100), nullable=False),
        sa.Column('created_at', TZ, nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_reception_days_unit_day', 'reception_days', ['unit_code', 'day'])

    op.create_table(
        'reception_visits',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_code', sa.String(length=40), nullable=False),
        sa.Column('visited_at', TZ, nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('reception_day_id', sa.Integer(), sa.ForeignKey('reception_days.id'), nullable=True),
        sa.Column('host', sa.String(length=100), nullable=False),
        sa.Column('citizen_name', sa.String(length=300), nullable=False),
        sa.Column('citizen_address', sa.Text(), nullable=False),
        sa.Column('citizen_id_number', sa.String(length=40), nullable=False),
        sa.Column('citizen_phone', sa.String(length=40), nullable=False),
        sa.Column('people_count', sa.Integer(), nullable=False),
        sa.Column('group_visit', sa.Boolean(), nullable=False),
        sa.Column('representatives', sa.JSON(), nullable=False),
        sa.Column('content', sa.Text(), nullable=False),
        sa.Column('content_class', sa.String(length=30), nullable=True),
        sa.Column('domain', sa.String(length=20), nullable=True),
        sa.Column('first_visit', sa.Boolean(), nullable=False),
        sa.Column('matter_of', sa.Integer(), nullable=True),
        sa.Column('documents', sa.Text(), nullable=False),
        sa.Column('prior_body', sa.Text(), nullable=False),
        sa.Column('outcome', sa.String(length=20), nullable=False),
        sa.Column('to_body', sa.Text(), nullable=False),
        sa.Column('refusal_code', sa.String(length=30), nullable=True),
        sa.Column('refusal_reason', sa.Text(), nullable=False),
        sa.Column('case_ids', sa.JSON(), nullable=False),
        sa.Column('follow_up', sa.Text(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('identity_protected', sa.Boolean(), nullable=False),
        sa.Column('cancelled', sa.Boolean(), nullable=False),
        sa.Column('cancel_reason', sa.Text(), nullable=False),
        sa.Column('cancelled_by', sa.String(length=100), nullable=True),
        sa.Column('cancelled_at', TZ, nullable=True),
        sa.Column('actor', sa.String(length=100), nullable=False),
        sa.Column('updated_by', sa.String(length=100), nullable=True),
        sa.Column('created_at', TZ, nullable=False),
        sa.Column('updated_at', TZ, nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    for col in ('unit_code', 'visited_at', 'reception_day_id', 'matter_of'):
        op.create_index(f'ix_reception_visits_{col}', 'reception_visits', [col])
    # the book of a unit for a period: WHERE unit_code IN (…) AND visited_at BETWEEN … ORDER BY visited_at
    op.create_index('ix_reception_visits_unit_visited', 'reception_visits', ['unit_code', 'visited_at'])
    _no_delete()


def _no_delete() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE OR REPLACE FUNCTION donthu_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$ "
                   "BEGIN RAISE EXCEPTION '% rows are never deleted (cancel them instead)', TG_TABLE_NAME; END $$")
        for table in TABLES:
            op.execute(f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION donthu_no_delete()")
    else:
        for table in TABLES:
            op.execute(f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                       f"BEGIN SELECT RAISE(ABORT, '{table} rows are never deleted (cancel them instead)'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete ON {table}")
        op.execute("DROP FUNCTION IF EXISTS donthu_no_delete()")
    else:
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
    op.drop_table('reception_visits')
    op.drop_table('reception_days')
