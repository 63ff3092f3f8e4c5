"""progress tally

The running tally of each progress row's evidence (see quizapp.progress.status.Tally). Rows
from before this revision keep NULL sums: the next answer on that criterion recomputes them
from the learner's answers.

Revision ID: 529d2a3258d4
Revises: 91636abd5ce0
Create Date: 2026-11-22 11:01:02.087551

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '529d2a3258d4'
down_revision = '91636abd5ce0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('progress', schema=None) as batch_op:
        batch_op.add_column(sa.Column('score_sum', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('weight_sum', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('secure_days', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('last_secure_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('scenario_secure', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('progress', schema=None) as batch_op:
        batch_op.drop_column('scenario_secure')
        batch_op.drop_column('last_secure_on')
        batch_op.drop_column('secure_days')
        batch_op.drop_column('weight_sum')
        batch_op.drop_column('score_sum')
