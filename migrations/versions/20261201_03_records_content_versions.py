"""records: content versions, pinned loops, settled flags, derived loop status

Question and rubric texts are kept per version; a loop pins the rubric version it was
published with (its questions were already pinned by version); a submitted scorecard keeps
the flags it settled; a loop's status is derived on read, so its column goes; an
idempotency key's scope becomes a column.

Revision ID: b09201567416
Revises: fe7f9190a40f
Create Date: 2026-12-01 05:50:00

"""
import hashlib

import sqlalchemy as sa
from alembic import op

revision = 'b09201567416'
down_revision = 'fe7f9190a40f'
branch_labels = None
depends_on = None


def _rubric_digest(texts):
    digest = hashlib.sha256()
    for name in sorted(texts):
        digest.update(name.encode() + b"\0" + texts[name].encode() + b"\0")
    return digest.hexdigest()


def upgrade():
    op.create_table(
        'question_versions',
        sa.Column('question_id', sa.String(length=80), nullable=False),
        sa.Column('version', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('title', sa.String(length=120), nullable=False),
        sa.Column('prompt', sa.Text(), nullable=False),
        sa.Column('round', sa.String(length=20), nullable=False),
        sa.Column('signals', sa.JSON(), nullable=False),
        sa.Column('minutes', sa.Integer(), nullable=False),
        sa.Column('follow_ups', sa.JSON(), nullable=False),
        sa.Column('strong_answer', sa.Text(), nullable=False),
        sa.Column('weak_answer', sa.Text(), nullable=False),
        sa.Column('content_hash', sa.String(length=64), nullable=False),
        sa.Column('imported_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['question_id'], ['questions.id'],
                                name=op.f('fk_question_versions_question_id_questions')),
        sa.PrimaryKeyConstraint('question_id', 'version', name=op.f('pk_question_versions')),
    )
    op.create_table(
        'rubric_versions',
        sa.Column('version', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('texts', sa.JSON(), nullable=False),
        sa.Column('imported_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('version', name=op.f('pk_rubric_versions')),
    )
    bind = op.get_bind()
    # Every question's current text becomes its stored version; a version a loop pinned
    # whose text was already overwritten gets the nearest text there is, the current one.
    bind.execute(sa.text(
        "INSERT INTO question_versions (question_id, version, title, prompt, round, signals,"
        " minutes, follow_ups, strong_answer, weak_answer, content_hash, imported_at)"
        " SELECT id, version, title, prompt, round, signals, minutes, follow_ups,"
        " strong_answer, weak_answer, content_hash, imported_at FROM questions"))
    bind.execute(sa.text(
        "INSERT INTO question_versions (question_id, version, title, prompt, round, signals,"
        " minutes, follow_ups, strong_answer, weak_answer, content_hash, imported_at)"
        " SELECT q.id, lq.question_version, q.title, q.prompt, q.round, q.signals,"
        " q.minutes, q.follow_ups, q.strong_answer, q.weak_answer, q.content_hash,"
        " q.imported_at FROM (SELECT DISTINCT question_id, question_version"
        " FROM loop_questions) lq JOIN questions q ON q.id = lq.question_id"
        " WHERE NOT EXISTS (SELECT 1 FROM question_versions v WHERE v.question_id ="
        " lq.question_id AND v.version = lq.question_version)"))
    texts = {name: text for name, text in bind.execute(
        sa.text("SELECT name, text FROM rubric_documents"))}
    first_version = None
    if texts:
        first_version = 1
        versions = sa.table('rubric_versions', sa.column('version'), sa.column('digest'),
                            sa.column('texts', sa.JSON), sa.column('imported_at', sa.DateTime))
        bind.execute(versions.insert().values(
            version=1, digest=_rubric_digest(texts), texts=texts,
            imported_at=sa.func.current_timestamp()))

    with op.batch_alter_table('loops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rubric_version', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_loops_rubric_version_rubric_versions'),
                                    'rubric_versions', ['rubric_version'], ['version'])
        batch_op.drop_index(batch_op.f('ix_loops_status'))
        batch_op.drop_constraint(batch_op.f('ck_loops_status_valid'), type_='check')
        batch_op.drop_column('status')
    with op.batch_alter_table('scorecards', schema=None) as batch_op:
        batch_op.add_column(sa.Column('settled_flags', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('rubric_version', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_scorecards_rubric_version_rubric_versions'),
                                    'rubric_versions', ['rubric_version'], ['version'])
    if first_version is not None:
        bind.execute(sa.text("UPDATE loops SET rubric_version = 1"
                             " WHERE published_at IS NOT NULL"))
        bind.execute(sa.text("UPDATE scorecards SET rubric_version = 1"
                             " WHERE status = 'submitted'"))
    # Stored replies are only kept for retries in flight; the scope moves into a column.
    bind.execute(sa.text("DELETE FROM idempotency_keys"))
    with op.batch_alter_table('idempotency_keys', schema=None, recreate='always') as batch_op:
        batch_op.add_column(sa.Column('scope', sa.String(length=40), nullable=False))


def downgrade():
    with op.batch_alter_table('idempotency_keys', schema=None) as batch_op:
        batch_op.drop_column('scope')
    with op.batch_alter_table('scorecards', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_scorecards_rubric_version_rubric_versions'),
                                 type_='foreignkey')
        batch_op.drop_column('rubric_version')
        batch_op.drop_column('settled_flags')
    with op.batch_alter_table('loops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=20), nullable=False,
                                      server_default='draft'))
        batch_op.create_check_constraint(
            batch_op.f('ck_loops_status_valid'),
            "status IN ('draft', 'scheduled', 'in_progress', 'awaiting_debrief', 'decided')")
        batch_op.create_index(batch_op.f('ix_loops_status'), ['status'], unique=False)
        batch_op.drop_constraint(batch_op.f('fk_loops_rubric_version_rubric_versions'),
                                 type_='foreignkey')
        batch_op.drop_column('rubric_version')
    op.drop_table('rubric_versions')
    op.drop_table('question_versions')
