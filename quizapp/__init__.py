"""quizapp: chat-style practice quizzes for UK customer-service qualifications.

The package imports nothing heavy, so ``python -m quizapp.scoring`` starts fast; the web app
is built by :func:`create_app` (in ``quizapp.app``).
"""


def create_app(config: dict | None = None):
    """Application factory. ``config`` overrides what comes from the environment and ``.env``."""
    from quizapp.app import create_app as _create_app

    return _create_app(config)
