"""Exit 0 if the PostgreSQL test database is reachable (creating it if needed), else 1."""

import sys

import psycopg
from psycopg import sql


def main(url: str) -> int:
    url = url.replace("postgresql+psycopg://", "postgresql://")
    base, _, name = url.rpartition("/")
    try:
        with psycopg.connect(url, connect_timeout=3):
            return 0
    except psycopg.OperationalError as exc:
        if f'database "{name}" does not exist' not in str(exc):
            print(f"PostgreSQL: {str(exc).strip().splitlines()[0]}", file=sys.stderr)
            return 1
    try:
        with psycopg.connect(f"{base}/postgres", connect_timeout=3, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return 0
    except psycopg.Error as exc:
        print(f"PostgreSQL: cannot create {name}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
