"""File downloads shared by the pages and the API."""

from flask import Response


def csv_download(body: str, filename: str) -> Response:
    """A CSV body as an attachment called ``filename``."""
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})
