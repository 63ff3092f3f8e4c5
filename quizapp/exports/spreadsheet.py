"""CSV for spreadsheets: the one writer every CSV download goes through.

Cells come from people (usernames, quiz titles, answers), so each is written through
``defusedcsv``: a cell that a spreadsheet would run as a formula (starting ``=``, ``+``, ``-``,
``@``...) is prefixed with ``'`` and shows as the text it is. Pure: no Flask, no database.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from defusedcsv import csv


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """``header`` then each row, as CSV text safe to open in a spreadsheet."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()
