"""security: answers assessors propose as test responses go to a review queue for the bank's
owner, instead of into the (shared) question rows.

Revision ID: security04
Revises: security03
Create Date: 2026-12-07 00:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'security04'
down_revision = 'security03'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'response_proposals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.String(length=128), nullable=False),
        sa.Column('cohort_id', sa.Integer(), nullable=True),
        sa.Column('answer_id', sa.Integer(), nullable=True),
        sa.Column('assessor_id', sa.Integer(), nullable=True),
        sa.Column('assessor_name', sa.String(length=80), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('band', sa.String(length=16), nullable=False),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['question_id'], ['questions.id'],
                                name=op.f('fk_response_proposals_question_id_questions'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'],
                                name=op.f('fk_response_proposals_cohort_id_cohorts'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['answer_id'], ['answers.id'],
                                name=op.f('fk_response_proposals_answer_id_answers'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['assessor_id'], ['users.id'],
                                name=op.f('fk_response_proposals_assessor_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_response_proposals')),
    )
    with op.batch_alter_table('response_proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_response_proposals_question_id'), ['question_id'])
        batch_op.create_index(batch_op.f('ix_response_proposals_cohort_id'), ['cohort_id'])


def downgrade():
    op.drop_table('response_proposals')
