"""Review cards (FSRS, one per learner and question) and learners' daily goals.

Revision ID: review1a2b3c4d
Revises: staff02b81e
Create Date: 2026-12-06 23:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'review1a2b3c4d'
down_revision = 'staff02b81e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'review_cards',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.String(length=128), nullable=False),
        sa.Column('card', sa.Text(), nullable=False),
        sa.Column('due', sa.DateTime(timezone=True), nullable=False),
        sa.Column('reviews', sa.Integer(), server_default='0', nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.ForeignKeyConstraint(['question_id'], ['questions.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'question_id'),
    )
    op.create_index('ix_review_cards_user_due', 'review_cards', ['user_id', 'due'])
    op.create_table(
        'learner_goals',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('daily_goal', sa.Integer(), nullable=False),
        sa.Column('time_zone', sa.String(length=64), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id'),
    )


def downgrade():
    op.drop_table('learner_goals')
    op.drop_index('ix_review_cards_user_due', table_name='review_cards')
    op.drop_table('review_cards')
