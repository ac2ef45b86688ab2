"""Issue 14: search index (folded text, FTS5 / tsvector + trigram), saved searches

``search_docs`` holds one row per case (storage/search_index.py says what each column holds). SQLite: FTS5
external-content tables over it (``unicode61`` on the already folded words; ``trigram`` over the ID/phone
digits), kept in sync by triggers. PostgreSQL: the trusted extensions unaccent and pg_trgm, generated tsvector
columns ('simple' configuration) with GIN indexes, gin_trgm_ops indexes on the digits and the folded
name | address. Every existing case is indexed here (the due dates come from handling: `donthu search reindex`).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
_FTS = ("search_fts", "search_digits")


def upgrade() -> None:
    op.create_table(  # the small columns first: SQLite reads a row's columns up to the one it needs
        'search_docs',
        sa.Column('case_pk', sa.Integer(), sa.ForeignKey('cases.id', ondelete='CASCADE'), nullable=False,
                  autoincrement=False),
        sa.Column('case_id', sa.String(length=40), nullable=True),
        sa.Column('status', sa.String(length=30), nullable=True),
        sa.Column('unit_code', sa.String(length=40), nullable=True),
        sa.Column('category', sa.String(length=20), nullable=True),
        sa.Column('domain', sa.String(length=20), nullable=True),
        sa.Column('received_at', TZ, nullable=True),
        sa.Column('handling_stage', sa.String(length=20), nullable=True),
        sa.Column('identity_protected', sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column('identity_unit', sa.String(length=40), nullable=True),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.Column('closed', sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column('id_key', sa.String(length=40), nullable=True),
        sa.Column('person_key', sa.String(length=800), nullable=True),
        sa.Column('digits', sa.Text(), nullable=False, server_default=''),
        sa.Column('public_head', sa.Text(), nullable=False, server_default=''),
        sa.Column('identity_head', sa.Text(), nullable=False, server_default=''),
        sa.Column('public_text', sa.Text(), nullable=False, server_default=''),
        sa.Column('identity_text', sa.Text(), nullable=False, server_default=''),
        sa.PrimaryKeyConstraint('case_pk'),
    )
    op.create_index('ix_search_docs_case_id', 'search_docs', ['case_id'])
    op.create_index('ix_search_docs_id_key', 'search_docs', ['id_key'])
    op.create_index('ix_search_docs_received', 'search_docs', ['received_at', 'case_pk'])

    op.create_table(
        'saved_searches',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('username', sa.String(length=80), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('params', sa.JSON(), nullable=False),
        sa.Column('created_at', TZ, nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('username', 'name', name='uq_saved_searches_username_name'),
    )
    op.create_index('ix_saved_searches_username', 'saved_searches', ['username'])

    if op.get_bind().dialect.name == "postgresql":
        _postgresql()
    else:
        _sqlite()
    from donthu.storage.search_index import reindex_connection

    reindex_connection(op.get_bind())


def _postgresql() -> None:
    # trusted extensions: the database's owner (who runs the migrations) may create them
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # the columns hold words of a-z0-9 separated by spaces (folded in Python): 'simple' only splits them.
    # public_tsv / full_tsv match (GIN); rank_tsv ranks: the short fields, public ones weighted A, the
    # complainant's B (a search ranks with B at 0 where it may not see the complainant)
    for col, expr in (("public_tsv", "to_tsvector('simple', public_text)"),
                      ("full_tsv", "to_tsvector('simple', public_text || ' ' || identity_text)"),
                      ("rank_tsv", "setweight(to_tsvector('simple', public_head), 'A') || "
                                   "setweight(to_tsvector('simple', identity_head), 'B')")):
        op.execute(f"ALTER TABLE search_docs ADD COLUMN {col} tsvector GENERATED ALWAYS AS ({expr}) STORED")
    op.execute("CREATE INDEX ix_search_docs_public_tsv ON search_docs USING gin (public_tsv)")
    op.execute("CREATE INDEX ix_search_docs_full_tsv ON search_docs USING gin (full_tsv)")
    op.execute("CREATE INDEX ix_search_docs_digits_trgm ON search_docs USING gin (digits gin_trgm_ops)")
    op.execute("CREATE INDEX ix_search_docs_person_trgm ON search_docs USING gin (person_key gin_trgm_ops)")
    # the rows whose complainant a user may not see (search_index.hidden_condition): few, found by index
    op.execute("CREATE INDEX ix_search_docs_hidden ON search_docs (identity_unit) WHERE identity_protected IS TRUE")
    # a narrow heap (a search reads it for every matching row; at 100,000 cases a wide one does not stay in
    # shared buffers): the texts and the matching vectors go to TOAST; the filters, the digits and the small
    # ranking vector stay in the row
    op.execute("ALTER TABLE search_docs SET (toast_tuple_target = 128)")
    for col in ("case_id", "digits", "person_key", "id_key", "status", "unit_code", "category", "domain",
                "handling_stage", "identity_unit", "rank_tsv"):
        op.execute(f"ALTER TABLE search_docs ALTER COLUMN {col} SET STORAGE MAIN")


def _sqlite() -> None:
    op.execute("CREATE VIRTUAL TABLE search_fts USING fts5(public_text, identity_text, content='search_docs', "
               "content_rowid='case_pk', tokenize='unicode61 remove_diacritics 0', prefix='1 2 3')")
    op.execute("CREATE VIRTUAL TABLE search_digits USING fts5(digits, content='search_docs', "
               "content_rowid='case_pk', tokenize='trigram')")
    op.execute("CREATE INDEX ix_search_docs_person_key ON search_docs (person_key)")
    # what a search reads of every matching row, in a compact index (the row itself starts with the same
    # columns, but its texts make the table's pages hold few rows)
    op.execute("CREATE INDEX ix_search_docs_filters ON search_docs (case_pk, unit_code, identity_protected, "
               "identity_unit, received_at, status, category, domain, handling_stage, due_on, closed, case_id)")
    op.execute("CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN "
               "INSERT INTO search_fts(rowid, public_text, identity_text) "
               "VALUES (new.case_pk, new.public_text, new.identity_text); "
               "INSERT INTO search_digits(rowid, digits) VALUES (new.case_pk, new.digits); END")
    op.execute("CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN "
               "INSERT INTO search_fts(search_fts, rowid, public_text, identity_text) "
               "VALUES ('delete', old.case_pk, old.public_text, old.identity_text); "
               "INSERT INTO search_digits(search_digits, rowid, digits) VALUES ('delete', old.case_pk, old.digits); "
               "END")
    op.execute("CREATE TRIGGER search_docs_au_text AFTER UPDATE OF public_text, identity_text ON search_docs "
               "WHEN old.public_text IS NOT new.public_text OR old.identity_text IS NOT new.identity_text BEGIN "
               "INSERT INTO search_fts(search_fts, rowid, public_text, identity_text) "
               "VALUES ('delete', old.case_pk, old.public_text, old.identity_text); "
               "INSERT INTO search_fts(rowid, public_text, identity_text) "
               "VALUES (new.case_pk, new.public_text, new.identity_text); END")
    op.execute("CREATE TRIGGER search_docs_au_digits AFTER UPDATE OF digits ON search_docs "
               "WHEN old.digits IS NOT new.digits BEGIN "
               "INSERT INTO search_digits(search_digits, rowid, digits) VALUES ('delete', old.case_pk, old.digits); "
               "INSERT INTO search_digits(rowid, digits) VALUES (new.case_pk, new.digits); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_table('search_docs')  # its generated columns and indexes go with it; the extensions stay
    else:
        for trig in ("search_docs_ai", "search_docs_ad", "search_docs_au_text", "search_docs_au_digits"):
            op.execute(f"DROP TRIGGER IF EXISTS {trig}")
        for fts in _FTS:
            op.execute(f"DROP TABLE IF EXISTS {fts}")
        op.drop_table('search_docs')
    op.drop_index('ix_saved_searches_username', table_name='saved_searches')
    op.drop_table('saved_searches')
