"""Plain SQL the derived data writes with: many rows in one statement run many times.

A rebuild writes millions of rows; as model instances they would cost more than the counting.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from django.db import connection
from django.db.models import Model

IDS_PER_QUERY = 500  # ids in one IN (...): far below every database's limit


def chunks(ids: Iterable[int], size: int = IDS_PER_QUERY) -> Iterator[list[int]]:
    ids = sorted(ids)
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def insert(model: type[Model], columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
    """Insert plain rows."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(rows))


def add(model: type[Model], keys: tuple[str, ...], total: str, deltas: Counter) -> None:
    """Add each delta to the `total` of the row with its keys (made when missing), then drop
    the rows come to nothing. `deltas` maps a tuple of the keys' values to a number.

    One upsert statement for every row, the same on SQLite and PostgreSQL: reading each row
    first would cost a query per row."""
    rows = [(*key, n) for key, n in deltas.items() if n]
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in (*keys, total))
    conflict = ", ".join(connection.ops.quote_name(c) for c in keys)
    value = connection.ops.quote_name(total)
    sql = (
        f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * (len(keys) + 1))}) "
        f"ON CONFLICT ({conflict}) DO UPDATE SET {value} = {table}.{value} + excluded.{value}"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    for part in chunks({row[0] for row in rows}):
        model.objects.filter(**{f"{keys[0]}__in": part, f"{total}__lte": 0}).delete()
