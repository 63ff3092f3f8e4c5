"""gunicorn settings for `make serve` (and production: see README, "Production")."""

import gc
import os
from pathlib import Path

from dotenv import dotenv_values

bind = f"127.0.0.1:{os.environ.get('PORT', '5000')}"


def _default_workers(url: str) -> int:
    """One process per core on SQLite, the usual 2 x cores + 1 on PostgreSQL.

    SQLite's writers queue on one lock, and every commit makes the other processes drop their
    page caches, so processes beyond the cores only add that work: measured with
    benchmarks/load.py on 2 cores, 2 workers gave 703 answer turns/s against 586/s with 5.
    On PostgreSQL a process waits on round trips to the server, and 2, 3 or 5 workers gave
    the same. Each worker has one thread: the answer turn is CPU work, and more threads per
    process only contend for the GIL (4 threads per worker halved the answer turns per second).
    """
    cores = os.cpu_count() or 1
    url = url.strip()
    return cores if not url or url.startswith("sqlite") else 2 * cores + 1


workers = int(os.environ.get("WEB_CONCURRENCY")
              or _default_workers(os.environ.get("DATABASE_URL", "")))
worker_class = "gthread"  # keep-alive connections, handled by each worker's event loop
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Made for running behind a reverse proxy that buffers whole requests (nginx's default
# proxy_request_buffering on; HAProxy with "option http-buffer-request"): the proxy takes slow
# clients' bodies at their pace and hands gunicorn each request complete, over loopback. So a
# request that has not arrived promptly is a fault, and the limits below are short.
timeout = 30  # a worker silent this long is killed and replaced
graceful_timeout = 20
keepalive = 2  # the proxy reuses its connections; no client holds one open here
limit_request_line = 4094  # the proxy's own limits are the ones clients meet
limit_request_fields = 50
limit_request_field_size = 8190
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def _redis_url() -> str:
    return os.environ.get("REDIS_URL") or dotenv_values(Path(__file__).parent / ".env").get(
        "REDIS_URL") or ""


def _public(address) -> bool:
    """Whether a bound address is reachable from other machines (not loopback, not a socket)."""
    if not isinstance(address, tuple):
        return False
    return address[0] not in ("127.0.0.1", "::1", "localhost")


def when_ready(server):
    """Warn about two ways of running that the settings above don't suit: facing clients
    directly (slow request bodies would hold the workers), and rate limits counted by each
    worker on its own (no ``REDIS_URL``: n workers allow n times the attempts)."""
    if any(_public(address) for address in server.cfg.address):
        server.log.warning(
            "gunicorn is bound to a public address: these settings expect a buffering reverse "
            "proxy in front (README, Production), since slow clients would hold the workers.")
    if server.cfg.workers > 1 and not _redis_url():
        server.log.warning(
            "REDIS_URL is not set: each of the %d workers counts the rate limits on its own, "
            "so they allow %d times as many attempts. Set REDIS_URL (make serve uses the "
            "local Redis when it answers).", server.cfg.workers, server.cfg.workers)


def post_worker_init(worker):
    """The app is loaded: keep what start-up built (modules, the app, the ORM's mappings) out
    of the garbage collector's full collections, which would otherwise walk all of it every
    few thousand answers: about 125,000 objects, a pause of about 90 ms per full collection
    against 10 ms with them frozen (measured in-process on this machine)."""
    gc.freeze()
