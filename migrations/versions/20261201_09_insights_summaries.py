"""insights: per-scorecard, per-seat, per-round and per-question-use summaries the
insights pages read, monthly rollups of the seats and of the calibration counts, and an
index on scorecards.updated_at for the figure cache's key

The tables start empty: `interviewkit init` (run after every deploy) fills them when a
submitted scorecard has no summary, and `interviewkit insights refresh` rebuilds them.

Revision ID: 99e69a5170b3
Revises: 5c1f0e8a7d24
Create Date: 2026-12-01 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '99e69a5170b3'
down_revision = '5c1f0e8a7d24'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calibration_months',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('interviewer_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('hours_to_submit', sa.Float(), nullable=True),
    sa.Column('criteria', sa.Text(), nullable=True),
    sa.Column('no_signal', sa.Text(), nullable=True),
    sa.Column('scorecards', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calibration_months'))
    )
    with op.batch_alter_table('calibration_months', schema=None) as batch_op:
        batch_op.create_index('ix_calibration_months_month', ['month', 'interviewer_id'], unique=False)

    op.create_table('seat_months',
    sa.Column('interviewer_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('scorecards', sa.Integer(), nullable=False),
    sa.Column('timed', sa.Integer(), nullable=False),
    sa.Column('on_time', sa.Integer(), nullable=False),
    sa.Column('agreed', sa.Integer(), nullable=False),
    sa.Column('decided', sa.Integer(), nullable=False),
    sa.Column('flags_raised', sa.Integer(), nullable=False),
    sa.Column('flags_confirmed', sa.Integer(), nullable=False),
    sa.Column('flags_dismissed', sa.Integer(), nullable=False),
    sa.Column('own_1', sa.Integer(), nullable=False),
    sa.Column('own_2', sa.Integer(), nullable=False),
    sa.Column('own_3', sa.Integer(), nullable=False),
    sa.Column('own_4', sa.Integer(), nullable=False),
    sa.Column('panel_1', sa.Integer(), nullable=False),
    sa.Column('panel_2', sa.Integer(), nullable=False),
    sa.Column('panel_3', sa.Integer(), nullable=False),
    sa.Column('panel_4', sa.Integer(), nullable=False),
    sa.Column('leniency_total', sa.Float(), nullable=False),
    sa.Column('leniency_count', sa.Integer(), nullable=False),
    sa.Column('strong_seats', sa.Integer(), nullable=False),
    sa.Column('strong_co_panel_total', sa.Float(), nullable=False),
    sa.Column('strong_co_panel_count', sa.Integer(), nullable=False),
    sa.Column('strong_card_total', sa.Float(), nullable=False),
    sa.Column('strong_cards', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('interviewer_id', 'month', 'level', name=op.f('pk_seat_months'))
    )
    op.create_table('question_use_summaries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round', sa.String(length=20), nullable=False),
    sa.Column('question_id', sa.String(length=80), nullable=False),
    sa.Column('candidate', sa.String(length=254), nullable=False),
    sa.Column('decision', sa.String(length=30), nullable=True),
    sa.Column('rated_1', sa.Integer(), nullable=False),
    sa.Column('rated_2', sa.Integer(), nullable=False),
    sa.Column('rated_3', sa.Integer(), nullable=False),
    sa.Column('rated_4', sa.Integer(), nullable=False),
    sa.Column('rating_sum', sa.Integer(), nullable=False),
    sa.Column('rating_count', sa.Integer(), nullable=False),
    sa.Column('loop_id', sa.Integer(), nullable=False),
    sa.Column('loop_created_at', sa.DateTime(), nullable=False),
    sa.Column('lane', sa.String(length=20), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('loop_month', sa.String(length=7), nullable=False),
    sa.ForeignKeyConstraint(['loop_id'], ['loops.id'], name=op.f('fk_question_use_summaries_loop_id_loops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_use_summaries'))
    )
    with op.batch_alter_table('question_use_summaries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_use_summaries_loop_created_at'), ['loop_created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_use_summaries_loop_id'), ['loop_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_use_summaries_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_use_summaries_question_id'), ['question_id'], unique=False)

    op.create_table('round_summaries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round', sa.String(length=20), nullable=False),
    sa.Column('decision', sa.String(length=30), nullable=True),
    sa.Column('rated_1', sa.Integer(), nullable=False),
    sa.Column('rated_2', sa.Integer(), nullable=False),
    sa.Column('rated_3', sa.Integer(), nullable=False),
    sa.Column('rated_4', sa.Integer(), nullable=False),
    sa.Column('rating_sum', sa.Integer(), nullable=False),
    sa.Column('rating_count', sa.Integer(), nullable=False),
    sa.Column('loop_id', sa.Integer(), nullable=False),
    sa.Column('loop_created_at', sa.DateTime(), nullable=False),
    sa.Column('lane', sa.String(length=20), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('loop_month', sa.String(length=7), nullable=False),
    sa.ForeignKeyConstraint(['loop_id'], ['loops.id'], name=op.f('fk_round_summaries_loop_id_loops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_round_summaries')),
    sa.UniqueConstraint('loop_id', 'round', name='uq_round_summaries_loop_round')
    )
    with op.batch_alter_table('round_summaries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_summaries_loop_created_at'), ['loop_created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_round_summaries_loop_id'), ['loop_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_round_summaries_owner_id'), ['owner_id'], unique=False)

    op.create_table('seat_summaries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('interviewer_id', sa.Integer(), nullable=False),
    sa.Column('scorecards', sa.Integer(), nullable=False),
    sa.Column('timed', sa.Integer(), nullable=False),
    sa.Column('on_time', sa.Integer(), nullable=False),
    sa.Column('agreed', sa.Integer(), nullable=False),
    sa.Column('decided', sa.Integer(), nullable=False),
    sa.Column('flags_raised', sa.Integer(), nullable=False),
    sa.Column('flags_confirmed', sa.Integer(), nullable=False),
    sa.Column('flags_dismissed', sa.Integer(), nullable=False),
    sa.Column('own_1', sa.Integer(), nullable=False),
    sa.Column('own_2', sa.Integer(), nullable=False),
    sa.Column('own_3', sa.Integer(), nullable=False),
    sa.Column('own_4', sa.Integer(), nullable=False),
    sa.Column('panel_1', sa.Integer(), nullable=False),
    sa.Column('panel_2', sa.Integer(), nullable=False),
    sa.Column('panel_3', sa.Integer(), nullable=False),
    sa.Column('panel_4', sa.Integer(), nullable=False),
    sa.Column('leniency_total', sa.Float(), nullable=False),
    sa.Column('leniency_count', sa.Integer(), nullable=False),
    sa.Column('strong_seats', sa.Integer(), nullable=False),
    sa.Column('strong_co_panel_total', sa.Float(), nullable=False),
    sa.Column('strong_co_panel_count', sa.Integer(), nullable=False),
    sa.Column('strong_card_total', sa.Float(), nullable=False),
    sa.Column('strong_cards', sa.Integer(), nullable=False),
    sa.Column('loop_id', sa.Integer(), nullable=False),
    sa.Column('loop_created_at', sa.DateTime(), nullable=False),
    sa.Column('lane', sa.String(length=20), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('loop_month', sa.String(length=7), nullable=False),
    sa.ForeignKeyConstraint(['loop_id'], ['loops.id'], name=op.f('fk_seat_summaries_loop_id_loops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seat_summaries')),
    sa.UniqueConstraint('loop_id', 'interviewer_id', name='uq_seat_summaries_loop_interviewer')
    )
    with op.batch_alter_table('seat_summaries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seat_summaries_interviewer_id'), ['interviewer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_seat_summaries_loop_created_at'), ['loop_created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_seat_summaries_loop_id'), ['loop_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_seat_summaries_owner_id'), ['owner_id'], unique=False)

    op.create_table('scorecard_summaries',
    sa.Column('scorecard_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.String(length=20), nullable=False),
    sa.Column('interviewer_id', sa.Integer(), nullable=False),
    sa.Column('rated_sum', sa.Integer(), nullable=False),
    sa.Column('rated_count', sa.Integer(), nullable=False),
    sa.Column('criteria', sa.Text(), nullable=False),
    sa.Column('no_signal', sa.Text(), nullable=False),
    sa.Column('recommendation', sa.String(length=20), nullable=True),
    sa.Column('hours_to_submit', sa.Float(), nullable=True),
    sa.Column('on_time', sa.Boolean(), nullable=True),
    sa.Column('flags_raised', sa.Integer(), nullable=False),
    sa.Column('flags_confirmed', sa.Integer(), nullable=False),
    sa.Column('flags_dismissed', sa.Integer(), nullable=False),
    sa.Column('agrees', sa.Boolean(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('scheduled_at', sa.DateTime(), nullable=True),
    sa.Column('loop_id', sa.Integer(), nullable=False),
    sa.Column('loop_created_at', sa.DateTime(), nullable=False),
    sa.Column('lane', sa.String(length=20), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('loop_month', sa.String(length=7), nullable=False),
    sa.ForeignKeyConstraint(['loop_id'], ['loops.id'], name=op.f('fk_scorecard_summaries_loop_id_loops'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['scorecard_id'], ['scorecards.id'], name=op.f('fk_scorecard_summaries_scorecard_id_scorecards'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('scorecard_id', name=op.f('pk_scorecard_summaries'))
    )
    with op.batch_alter_table('scorecard_summaries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scorecard_summaries_interviewer_id'), ['interviewer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_scorecard_summaries_loop_created_at'), ['loop_created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_scorecard_summaries_loop_id'), ['loop_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_scorecard_summaries_owner_id'), ['owner_id'], unique=False)

    with op.batch_alter_table('scorecards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scorecards_updated_at'), ['updated_at'], unique=False)



def downgrade():
    with op.batch_alter_table('scorecards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scorecards_updated_at'))

    with op.batch_alter_table('scorecard_summaries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scorecard_summaries_owner_id'))
        batch_op.drop_index(batch_op.f('ix_scorecard_summaries_loop_id'))
        batch_op.drop_index(batch_op.f('ix_scorecard_summaries_loop_created_at'))
        batch_op.drop_index(batch_op.f('ix_scorecard_summaries_interviewer_id'))

    op.drop_table('scorecard_summaries')
    with op.batch_alter_table('seat_summaries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seat_summaries_owner_id'))
        batch_op.drop_index(batch_op.f('ix_seat_summaries_loop_id'))
        batch_op.drop_index(batch_op.f('ix_seat_summaries_loop_created_at'))
        batch_op.drop_index(batch_op.f('ix_seat_summaries_interviewer_id'))

    op.drop_table('seat_summaries')
    with op.batch_alter_table('round_summaries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_summaries_owner_id'))
        batch_op.drop_index(batch_op.f('ix_round_summaries_loop_id'))
        batch_op.drop_index(batch_op.f('ix_round_summaries_loop_created_at'))

    op.drop_table('round_summaries')
    with op.batch_alter_table('question_use_summaries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_use_summaries_question_id'))
        batch_op.drop_index(batch_op.f('ix_question_use_summaries_owner_id'))
        batch_op.drop_index(batch_op.f('ix_question_use_summaries_loop_id'))
        batch_op.drop_index(batch_op.f('ix_question_use_summaries_loop_created_at'))

    op.drop_table('question_use_summaries')
    op.drop_table('seat_months')
    with op.batch_alter_table('calibration_months', schema=None) as batch_op:
        batch_op.drop_index('ix_calibration_months_month')

    op.drop_table('calibration_months')
