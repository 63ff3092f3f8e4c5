"""Tries at a question (try number, the mark that counts, superseded tries), version counters
on practice sessions and progress rows, and tries per question and the try penalty on quizzes.

Revision ID: c4a7e2d19f30
Revises: b3d41f7e2c10
Create Date: 2026-12-06 23:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'c4a7e2d19f30'
down_revision = 'b3d41f7e2c10'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('try_number', sa.Integer(), server_default='1',
                                      nullable=False))
        batch_op.add_column(sa.Column('credit', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('superseded', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    with op.batch_alter_table('practice_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1',
                                      nullable=False))
    with op.batch_alter_table('progress', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1',
                                      nullable=False))
    with op.batch_alter_table('quizzes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tries_per_question', sa.Integer(), server_default='3',
                                      nullable=False))
        batch_op.add_column(sa.Column('try_penalty', sa.Float(), server_default='0.1',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('quizzes', schema=None) as batch_op:
        batch_op.drop_column('try_penalty')
        batch_op.drop_column('tries_per_question')
    with op.batch_alter_table('progress', schema=None) as batch_op:
        batch_op.drop_column('version')
    with op.batch_alter_table('practice_sessions', schema=None) as batch_op:
        batch_op.drop_column('version')
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_column('superseded')
        batch_op.drop_column('credit')
        batch_op.drop_column('try_number')
