"""gunicorn settings for `make serve` (and production: see README, "Production")."""

import os

bind = f"127.0.0.1:{os.environ.get('PORT', '5000')}"
_sqlite = not os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql"))
# SQLite has one writer at a time: two processes keep it busy without queueing on its lock.
# PostgreSQL: the usual 2 x cores + 1.
workers = int(os.environ.get("WEB_CONCURRENCY") or (2 if _sqlite else 2 * (os.cpu_count() or 1) + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 30
graceful_timeout = 20
keepalive = 5
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
