"""ux: a loop can be cancelled (when, by whom, why); its derived status reads 'cancelled'

Revision ID: e96db629f9f6
Revises: 3a9d4e7b1c62
Create Date: 2026-12-01 07:30:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e96db629f9f6'
down_revision = '3a9d4e7b1c62'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('loops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancelled_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('cancelled_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('cancel_reason', sa.Text(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_loops_cancelled_by_id_users'), 'users',
                                    ['cancelled_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('loops', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_loops_cancelled_by_id_users'),
                                 type_='foreignkey')
        batch_op.drop_column('cancel_reason')
        batch_op.drop_column('cancelled_by_id')
        batch_op.drop_column('cancelled_at')
