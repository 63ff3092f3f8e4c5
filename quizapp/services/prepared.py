"""Prepared statements for the answer turn, the app's hot path.

A :class:`Prepared` is a Core statement that SQLAlchemy compiles once per database dialect,
then runs straight on the DB-API connection of the current ``db.session`` transaction, with the
column types' own bind and result processors (the same conversions SQLAlchemy applies: UTC
datetimes, JSON, booleans). SQLAlchemy still writes the SQL and owns the connection, the
transaction and the commit; what this skips is its per-execution bookkeeping (execution
context, cache-key lookup, parameter processing and result metadata), which cost more than the
statement itself on SQLite, about 50-100 µs a statement.

Only for statements that run on every answer. Anything else uses ``db.session`` as usual.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from sqlalchemy.engine import Dialect
from sqlalchemy.sql.expression import Executable

from quizapp.extensions import db


class _Compiled:
    """One statement compiled for one dialect: SQL text, parameter order and converters."""

    __slots__ = ("sql", "names", "binds", "defaults", "prefetch", "types", "dialect", "results")

    def __init__(self, statement: Executable, dialect: Dialect):
        compiled = statement.compile(dialect=dialect)
        if compiled.literal_execute_params or compiled.post_compile_params:
            raise ValueError("Prepared statements take plain bind parameters, not expanding "
                             "IN lists: write one bindparam per value.")
        self.sql = compiled.string
        # positional drivers (sqlite3: qmark) get a tuple in this order; named ones (psycopg:
        # pyformat) get the dict
        self.names = tuple(compiled.positiontup) if compiled.positional else None
        self.binds: dict[str, Callable] = {}
        # values the statement carries itself (literals SQLAlchemy made bind parameters)
        self.defaults = {name: bind.effective_value for name, bind in compiled.binds.items()
                         if not bind.required and bind.callable is None}
        # columns the statement leaves out that have Python-side defaults (INSERT) or onupdate
        # values (UPDATE): SQLAlchemy made them parameters, filled in on each run as it would
        self.prefetch: list[tuple[str, Any]] = []
        for column in compiled.insert_prefetch:
            self._prefetch(column, column.default, compiled)
        for column in compiled.update_prefetch:
            self._prefetch(column, column.onupdate, compiled)
        for name, bind in compiled.binds.items():
            process = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None:
                self.binds[name] = process
        self.dialect = dialect
        self.types = [c.type for c in getattr(statement, "exported_columns", ())]
        self.results: tuple[tuple[int, Callable], ...] | None = None  # on the first run

    def _prefetch(self, column, default, compiled) -> None:
        if column.key not in compiled.binds or default is None:
            raise ValueError(f"Column {column.key}: no parameter for its default")
        if not (default.is_scalar or default.is_callable):
            raise ValueError(f"Column {column.key}: only scalar and callable defaults")
        self.defaults.pop(column.key, None)
        self.prefetch.append((column.key, default))

    def _result_processors(self, description) -> tuple[tuple[int, Callable], ...]:
        """The columns' result processors, given the driver's type codes (``description``)."""
        found = []
        for i, (type_, column) in enumerate(zip(self.types, description or ())):
            process = type_.dialect_impl(self.dialect).result_processor(self.dialect, column[1])
            if process is not None:
                found.append((i, process))
        return tuple(found)

    def parameters(self, values: dict[str, Any]) -> tuple | dict:
        values = {**self.defaults, **values}  # a copy: the caller's dict stays as it was
        for key, default in self.prefetch:
            if key not in values:
                values[key] = default.arg if default.is_scalar else default.arg(None)
        for key, process in self.binds.items():
            value = values.get(key)
            if value is not None:
                values[key] = process(value)
        if self.names is None:
            return values
        return tuple(values[name] for name in self.names)

    def rows(self, cursor) -> list[tuple]:
        if self.results is None:
            self.results = self._result_processors(cursor.description)
        return [self.row(r) for r in cursor.fetchall()]

    def row(self, row: Sequence) -> tuple:
        if not self.results:
            return tuple(row)
        row = list(row)
        for i, process in self.results:
            row[i] = process(row[i])
        return tuple(row)


def _connection() -> tuple[Dialect, Any]:
    """The dialect and DB-API connection of the session's transaction (beginning one if none),
    remembered for the rest of that transaction: each statement of an answer turn runs on it."""
    session = db.session()
    transaction = session.get_transaction()
    known = session.info.get("prepared_connection")
    if transaction is None or known is None or known[0] is not transaction:
        connection = session.connection()
        known = (session.get_transaction(), connection.dialect,
                 connection.connection.dbapi_connection)
        session.info["prepared_connection"] = known
    return known[1], known[2]


def dialect_name() -> str:
    """The database of the session's transaction: ``sqlite`` or ``postgresql``."""
    return _connection()[0].name


class Prepared:
    """A Core statement, compiled once per dialect, run on the session's DB-API connection.

    The statement must use named ``bindparam``s for every value (no expanding IN lists), and
    every parameter must be given on each call. Columns it leaves out get their Python-side
    defaults (INSERT) and ``onupdate`` values (UPDATE), scalars or callables (called without an
    execution context), as through SQLAlchemy. Runs inside the session's transaction: the caller
    commits with ``db.session.commit()`` (or rolls back) as usual.
    """

    def __init__(self, statement: Executable | Callable[[str], Executable]):
        """``statement``: a Core statement, or a function of the dialect name that builds one
        (for dialect-specific constructs such as ``INSERT ... ON CONFLICT``)."""
        self.statement = statement
        self._compiled: dict[str, _Compiled] = {}

    def _prepare(self) -> tuple[_Compiled, Any]:
        dialect, dbapi = _connection()
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            statement = self.statement
            if not isinstance(statement, Executable):
                statement = statement(dialect.name)
            compiled = self._compiled[dialect.name] = _Compiled(statement, dialect)
        return compiled, dbapi

    def all(self, **values: Any) -> list[tuple]:
        """Run it; every row, converted by the columns' types."""
        compiled, dbapi = self._prepare()
        cursor = dbapi.cursor()
        try:
            # (no psycopg pipeline for the BEGIN that opens a transaction: psycopg syncs right
            # after it, so it saves no round trip, and its machinery costs client CPU)
            cursor.execute(compiled.sql, compiled.parameters(values))
            return compiled.rows(cursor)
        finally:
            cursor.close()

    def first(self, **values: Any) -> tuple | None:
        """Run it; the first row (converted), or None."""
        rows = self.all(**values)
        return rows[0] if rows else None

    def scalar(self, **values: Any) -> Any:
        """Run it; the first column of the first row, or None."""
        row = self.first(**values)
        return row[0] if row else None

    def run(self, **values: Any) -> int:
        """Run a statement that returns no rows; the number of rows it changed."""
        return self.run_many([values])

    def run_many(self, rows: list[dict[str, Any]]) -> int:
        """Run it once per parameter set (an ``executemany``, or on PostgreSQL one by one for a
        few); the rows changed in all."""
        if not rows:
            return 0
        compiled, dbapi = self._prepare()
        cursor = dbapi.cursor()
        try:
            if len(rows) > (_PG_ONE_BY_ONE if compiled.dialect.name == "postgresql" else 1):
                cursor.executemany(compiled.sql, [compiled.parameters(r) for r in rows])
                return cursor.rowcount
            changed = 0
            for values in rows:
                cursor.execute(compiled.sql, compiled.parameters(values))
                changed += cursor.rowcount
            return changed
        finally:
            cursor.close()


# psycopg runs executemany in a pipeline, whose set-up costs about as much client CPU as one
# more statement: up to this many parameter sets (an answer's tallies) go one by one
_PG_ONE_BY_ONE = 3
