"""security: learners removed from a cohort, who can't rejoin by code until a tutor lets them.

Revision ID: security02
Revises: security01
Create Date: 2026-12-06 23:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'security02'
down_revision = 'security01'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'cohort_removals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cohort_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('removed_by', sa.Integer(), nullable=True),
        sa.Column('removed_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'],
                                name=op.f('fk_cohort_removals_cohort_id_cohorts'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_cohort_removals_user_id_users'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['removed_by'], ['users.id'],
                                name=op.f('fk_cohort_removals_removed_by_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_cohort_removals')),
        sa.UniqueConstraint('cohort_id', 'user_id', name='uq_cohort_removal'),
    )
    with op.batch_alter_table('cohort_removals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cohort_removals_cohort_id'), ['cohort_id'])
        batch_op.create_index(batch_op.f('ix_cohort_removals_user_id'), ['user_id'])


def downgrade():
    op.drop_table('cohort_removals')
