"""How numbers are sent to PostgreSQL through psycopg, imported only when psycopg is in use.

psycopg sends a Python `int` as the smallest type that holds it: `smallint` below 32,768,
`integer` above, and it keys the statements it prepares by their text and their parameters'
types. A page of ten action ids, some below 32,768 and some above, was a different statement
almost every time (up to 1,024 of them): never prepared, planned afresh by PostgreSQL each time,
and pushing the statements that were prepared out of psycopg's cache. Sent as `integer` whenever
they fit, such ids make one statement, prepared once (docs/benchmarks.md). Larger numbers go as
psycopg sends them.
"""

from __future__ import annotations

from typing import Any, ClassVar

from psycopg.adapt import Dumper, PyFormat
from psycopg.pq import Format
from psycopg.types.numeric import Int4, Int4BinaryDumper, Int4Dumper, IntBinaryDumper, IntDumper

_LOWEST, _HIGHEST = -(2**31), 2**31 - 1


class IntegerDumper(IntDumper):
    """A Python `int` as PostgreSQL `integer` when it fits, else as psycopg chooses."""

    _integer: ClassVar[dict[Format, Dumper]] = {
        Format.TEXT: Int4Dumper(Int4),
        Format.BINARY: Int4BinaryDumper(Int4),
    }

    def upgrade(self, obj: int, format: PyFormat) -> Dumper:
        if _LOWEST <= obj <= _HIGHEST:
            return self._integer[self.format]
        return super().upgrade(obj, format)


class IntegerBinaryDumper(IntegerDumper, IntBinaryDumper):
    """The same in binary, with psycopg's binary dumpers for larger numbers."""


def send_ints_as_integer(dbapi_connection: Any, _record: Any) -> None:
    """A `connect` listener: this connection sends each `int` that fits as `integer`. Text then
    binary, the order psycopg registers its own in, so each kind of parameter keeps its format."""
    dbapi_connection.adapters.register_dumper(int, IntegerDumper)
    dbapi_connection.adapters.register_dumper(int, IntegerBinaryDumper)
