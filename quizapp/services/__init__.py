"""The service layer: the only code that writes to the database.

Web handlers, the JSON API and ``flask`` CLI commands all call these functions, so a rule is
written once. Each operation commits its own unit of work unless it says otherwise.
"""


class ServiceError(Exception):
    """A request that cannot be carried out; ``status`` is the HTTP status to report."""

    status = 400

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status


class NotFound(ServiceError):
    status = 404


class Forbidden(ServiceError):
    status = 403
