"""gunicorn settings for `make serve` (and production: see README, "Production")."""

import os

bind = f"127.0.0.1:{os.environ.get('PORT', '5000')}"
# The usual 2 x cores + 1 processes, on SQLite too (its writers queue on its lock, held only
# for the few statements of a write), each with one thread by default: the answer turn is CPU
# work, and more threads per process only contend for the GIL (measured with
# benchmarks/load.py: 4 threads per worker halved the answer turns per second).
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1)
worker_class = "gthread"  # keep-alive connections, handled by each worker's event loop
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 30
graceful_timeout = 20
keepalive = 5
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
