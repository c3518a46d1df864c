"""planner: intake facts, manager pins, question concepts and per-level content

Revision ID: fe7f9190a40f
Revises: 5c1e7a93d2b4
Create Date: 2026-12-01 06:55:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'fe7f9190a40f'
down_revision = '5c1e7a93d2b4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('loops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('work_type', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('platform_team', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('framework', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('swapped_out_question_ids', sa.JSON(), nullable=False,
                                      server_default='[]'))
    with op.batch_alter_table('loop_questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('note', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('manager_pinned', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('concept', sa.String(length=60), nullable=False,
                                      server_default=''))
        for name in ('deployment_targets', 'work_types', 'shapes', 'extends', 'hints',
                     'pushes'):
            batch_op.add_column(sa.Column(name, sa.JSON(), nullable=False,
                                          server_default='[]'))
        batch_op.add_column(sa.Column('level_bar', sa.JSON(), nullable=False,
                                      server_default='{}'))
        batch_op.add_column(sa.Column('separates', sa.Text(), nullable=False,
                                      server_default=''))


def downgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        for name in ('separates', 'level_bar', 'pushes', 'hints', 'extends', 'shapes',
                     'work_types', 'deployment_targets', 'concept'):
            batch_op.drop_column(name)
    with op.batch_alter_table('loop_questions', schema=None) as batch_op:
        batch_op.drop_column('manager_pinned')
        batch_op.drop_column('note')
    with op.batch_alter_table('loops', schema=None) as batch_op:
        for name in ('swapped_out_question_ids', 'framework', 'platform_team', 'work_type'):
            batch_op.drop_column(name)
