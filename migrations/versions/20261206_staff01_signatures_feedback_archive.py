"""Signed sign-offs (the assessor's typed name and when; the learner's countersignature),
when a learner first saw a re-mark, and archived quizzes.

Revision ID: staff01a7d2
Revises: c4a7e2d19f30
Create Date: 2026-12-06 23:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'staff01a7d2'
down_revision = 'c4a7e2d19f30'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('signoffs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signature', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('signed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('countersignature', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('countersigned_at', sa.DateTime(timezone=True),
                                      nullable=True))
    with op.batch_alter_table('overrides', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seen_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('quizzes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('quizzes', schema=None) as batch_op:
        batch_op.drop_column('archived_at')
    with op.batch_alter_table('overrides', schema=None) as batch_op:
        batch_op.drop_column('seen_at')
    with op.batch_alter_table('signoffs', schema=None) as batch_op:
        batch_op.drop_column('countersigned_at')
        batch_op.drop_column('countersignature')
        batch_op.drop_column('signed_at')
        batch_op.drop_column('signature')
