"""Quiz dates with an impossible year, stored before quiz dates were checked (2000 to 2100 only,
from 6 December 2026): a two-digit year typed as four (0026) is taken as 20YY (2026); any other
year outside 2000 to 2100 (0202, 1026, 2206, 20026, BC) is cleared.

The rule, for ``quizzes.due_at`` and ``quizzes.opens_at`` alike, on the date in UTC:

- year 1 to 99: add 2000 years (0026-12-01 17:00 becomes 2026-12-01 17:00; leap days stay
  leap days, as 2000 is a leap year);
- then any year before 2000 or after 2100: set to NULL (no due date, or open at once). A check
  quiz (feedback after the due date) left with no due date keeps its marks hidden until its
  tutor sets one: the edit form asks for it.

Nothing else changes; downgrade leaves the repaired dates as they are.

Revision ID: dates01
Revises: security04
Create Date: 2026-12-07 02:00:00

"""
import logging

import sqlalchemy as sa
from alembic import op

revision = 'dates01'
down_revision = 'security04'
branch_labels = None
depends_on = None

EARLIEST_YEAR, LATEST_YEAR = 2000, 2100  # as quizapp.services.quizzes checks new dates
COLUMNS = ('due_at', 'opens_at')
log = logging.getLogger('alembic.runtime.migration')


def _utc(day):
    return f"TIMESTAMPTZ '{day} 00:00:00+00'"


def _postgresql(col):
    """Timestamps with time zone: compared and moved as UTC instants (BC and five-digit years
    included)."""
    utc = _utc
    repair = (f"UPDATE quizzes SET {col} = ({col} AT TIME ZONE 'UTC' + INTERVAL '2000 years') "
              f"AT TIME ZONE 'UTC' WHERE {col} >= {utc('0001-01-01')} "
              f"AND {col} < {utc('0100-01-01')}")
    clear = (f"UPDATE quizzes SET {col} = NULL WHERE {col} < {utc(f'{EARLIEST_YEAR}-01-01')} "
             f"OR {col} >= {utc(f'{LATEST_YEAR + 1}-01-01')}")
    return repair, clear


def _sqlite(col):
    """Text 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC: the year is what comes before the first '-'
    (an empty year, as in a leading '-', counts as 0)."""
    year = f"CAST(substr({col}, 1, instr({col}, '-') - 1) AS INTEGER)"
    repair = (f"UPDATE quizzes SET {col} = printf('%04d', {year} + 2000) "
              f"|| substr({col}, instr({col}, '-')) "
              f"WHERE {col} IS NOT NULL AND {year} BETWEEN 1 AND 99")
    clear = (f"UPDATE quizzes SET {col} = NULL WHERE {col} IS NOT NULL "
             f"AND ({year} < {EARLIEST_YEAR} OR {year} > {LATEST_YEAR})")
    return repair, clear


def upgrade():
    bind = op.get_bind()
    statements = _postgresql if bind.dialect.name == 'postgresql' else _sqlite
    for col in COLUMNS:
        repair, clear = statements(col)
        repaired = bind.execute(sa.text(repair)).rowcount
        cleared = bind.execute(sa.text(clear)).rowcount
        if repaired or cleared:
            log.info('quizzes.%s: %d two-digit years read as 20YY, %d impossible dates cleared',
                     col, repaired, cleared)


def downgrade():
    pass  # the old dates were mistakes: nothing to put back
