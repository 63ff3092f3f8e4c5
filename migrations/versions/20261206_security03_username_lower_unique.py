"""security: one account per username whatever its case: a unique index on lower(username)
(SQLite and PostgreSQL both index expressions).

Revision ID: security03
Revises: security02
Create Date: 2026-12-06 23:50:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'security03'
down_revision = 'security02'
branch_labels = None
depends_on = None


def upgrade():
    clashes = op.get_bind().execute(sa.text(
        "SELECT lower(username) FROM users GROUP BY lower(username) HAVING count(*) > 1"
    )).scalars().all()
    if clashes:
        raise RuntimeError(
            "These usernames differ only by case; rename all but one of each (flask shell) "
            f"and migrate again: {', '.join(sorted(clashes))}")
    op.create_index('uq_users_username_lower', 'users', [sa.text('lower(username)')],
                    unique=True)


def downgrade():
    op.drop_index('uq_users_username_lower', table_name='users')
