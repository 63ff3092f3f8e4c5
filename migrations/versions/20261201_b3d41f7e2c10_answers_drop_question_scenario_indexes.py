"""answers: drop the question and scenario indexes, which nothing reads

No query looks answers up by question or by scenario (they are read by learner, by session or
by id), and questions and scenarios are retired, never deleted, so no foreign-key check needs
them either. Every answer wrote both (on SQLite, two more pages in each commit's WAL write). A
report by question would bring an index back, with the query that reads it.

Revision ID: b3d41f7e2c10
Revises: 7c1e0f3a9b42
Create Date: 2026-12-01 23:50:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b3d41f7e2c10'
down_revision = '7c1e0f3a9b42'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index('ix_answers_question_id')
        batch_op.drop_index('ix_answers_scenario_id')


def downgrade():
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.create_index('ix_answers_scenario_id', ['scenario_id'], unique=False)
        batch_op.create_index('ix_answers_question_id', ['question_id'], unique=False)
