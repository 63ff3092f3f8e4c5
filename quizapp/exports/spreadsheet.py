"""CSV for spreadsheets: the one writer every CSV download goes through.

Cells come from people (usernames, quiz titles, answers), so each is written through
``defusedcsv``: a cell that a spreadsheet would run as a formula (starting ``=``, ``+``, ``-``,
``@``...) is prefixed with ``'`` and shows as the text it is. Pure: no Flask, no database.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from defusedcsv import csv


Table = tuple[Sequence[str], Iterable[Sequence[object]]]


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """``header`` then each row, as CSV text safe to open in a spreadsheet."""
    return csv_tables((header, rows))


def csv_tables(*tables: Table) -> str:
    """Several tables (header, rows) one after another, an empty row between them."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    for number, (header, rows) in enumerate(tables):
        if number:
            writer.writerow([])
        writer.writerow(header)
        writer.writerows(rows)
    return buf.getvalue()
