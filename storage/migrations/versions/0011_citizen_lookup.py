"""Issue 14: citizen look-up attempts (rate limit)

One row per checked look-up on the public page /tra-cuu-ho-so: when, the client's address only as a salted hash,
the case number typed and whether the digits matched. Rows older than a week are deleted by the app
(exchange/web.py); the audit log keeps the record.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'lookup_attempts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ip_hash', sa.String(length=64), nullable=False),
        sa.Column('case_id', sa.String(length=40), nullable=False),
        sa.Column('ok', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_lookup_attempts_ip_at', 'lookup_attempts', ['ip_hash', 'at'])
    op.create_index('ix_lookup_attempts_case_at', 'lookup_attempts', ['case_id', 'at'])
    op.create_index('ix_lookup_attempts_at', 'lookup_attempts', ['at'])


def downgrade() -> None:
    op.drop_index('ix_lookup_attempts_at', table_name='lookup_attempts')
    op.drop_index('ix_lookup_attempts_case_at', table_name='lookup_attempts')
    op.drop_index('ix_lookup_attempts_ip_at', table_name='lookup_attempts')
    op.drop_table('lookup_attempts')
