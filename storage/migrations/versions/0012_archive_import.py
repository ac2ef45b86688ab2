"""Issue 15: archive import (batches, per-file provenance) and the case's batch and box

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        'archive_batches',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('created_by', sa.String(length=100), nullable=False),
        sa.Column('created_at', TZ, nullable=False),
        sa.Column('finished_at', TZ, nullable=True),
        sa.Column('unit_code', sa.String(length=40), nullable=True),
        sa.Column('agency', sa.Text(), nullable=False),
        sa.Column('manifest_name', sa.String(length=500), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('files_total', sa.Integer(), nullable=False),
        sa.Column('files_done', sa.Integer(), nullable=False),
        sa.Column('pages_total', sa.Integer(), nullable=False),
        sa.Column('pages_done', sa.Integer(), nullable=False),
        sa.Column('skipped', sa.JSON(), nullable=False),
        sa.Column('missing', sa.JSON(), nullable=False),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('qc', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    for col in ('created_at', 'unit_code', 'status'):
        op.create_index(f'ix_archive_batches_{col}', 'archive_batches', [col])
    op.create_table(
        'archive_items',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('batch_id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=True),
        sa.Column('path', sa.String(length=1000), nullable=False),
        sa.Column('box', sa.String(length=100), nullable=False),
        sa.Column('folder', sa.String(length=200), nullable=False),
        sa.Column('sequence', sa.Integer(), nullable=False),
        sa.Column('received_date', sa.Date(), nullable=True),
        sa.Column('date_source', sa.String(length=20), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('agency', sa.Text(), nullable=False),
        sa.Column('columns', sa.JSON(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('created_at', TZ, nullable=False),
        sa.ForeignKeyConstraint(['batch_id'], ['archive_batches.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    for col in ('batch_id', 'document_id', 'box'):
        op.create_index(f'ix_archive_items_{col}', 'archive_items', [col])
    with op.batch_alter_table('cases') as batch:
        batch.add_column(sa.Column('archive_batch_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('archive_box', sa.String(length=100), nullable=True))
    op.create_index('ix_cases_archive_batch_id', 'cases', ['archive_batch_id'])
    op.create_index('ix_cases_archive_box', 'cases', ['archive_box'])


def downgrade() -> None:
    op.drop_index('ix_cases_archive_box', table_name='cases')
    op.drop_index('ix_cases_archive_batch_id', table_name='cases')
    with op.batch_alter_table('cases') as batch:
        batch.drop_column('archive_box')
        batch.drop_column('archive_batch_id')
    for col in ('batch_id', 'document_id', 'box'):
        op.drop_index(f'ix_archive_items_{col}', table_name='archive_items')
    op.drop_table('archive_items')
    for col in ('created_at', 'unit_code', 'status'):
        op.drop_index(f'ix_archive_batches_{col}', table_name='archive_batches')
    op.drop_table('archive_batches')
