"""question versions keep the planning and per-level content a kit renders

A loop renders the question version it pinned, so each version carries the level bars, the
2-versus-3 line, the follow-up ladder and what an extension extends, not only the prompt.
Existing versions take the values their question has now.

Revision ID: 3d7a1c9e5b20
Revises: b09201567416
Create Date: 2026-12-01 07:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = '3d7a1c9e5b20'
down_revision = 'b09201567416'
branch_labels = None
depends_on = None

LISTS = ('deployment_targets', 'work_types', 'shapes', 'extends', 'hints', 'pushes')
COPIED = ('concept', *LISTS, 'level_bar', 'separates')


def upgrade():
    with op.batch_alter_table('question_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('concept', sa.String(length=60), nullable=False,
                                      server_default=''))
        for name in LISTS:
            batch_op.add_column(sa.Column(name, sa.JSON(), nullable=False,
                                          server_default='[]'))
        batch_op.add_column(sa.Column('level_bar', sa.JSON(), nullable=False,
                                      server_default='{}'))
        batch_op.add_column(sa.Column('separates', sa.Text(), nullable=False,
                                      server_default=''))
    assignments = ", ".join(
        f"{name} = (SELECT q.{name} FROM questions q WHERE q.id = question_versions.question_id)"
        for name in COPIED)
    op.get_bind().execute(sa.text(f"UPDATE question_versions SET {assignments}"))


def downgrade():
    with op.batch_alter_table('question_versions', schema=None) as batch_op:
        for name in reversed(COPIED):
            batch_op.drop_column(name)
