"""answers: drop two indexes nothing reads

``ix_answers_user_id`` duplicates the leading column of the unique (user_id, client_id) index,
which serves every lookup by learner; ``ix_answers_created_at`` served no query (answers are
always read by learner, session or question first, then ordered). Each answer wrote both.

Revision ID: 7c1e0f3a9b42
Revises: 529d2a3258d4
Create Date: 2026-12-01 21:40:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '7c1e0f3a9b42'
down_revision = '529d2a3258d4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index('ix_answers_user_id')
        batch_op.drop_index('ix_answers_created_at')


def downgrade():
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.create_index('ix_answers_created_at', ['created_at'], unique=False)
        batch_op.create_index('ix_answers_user_id', ['user_id'], unique=False)
