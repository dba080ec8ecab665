"""Plain multi-row inserts for a record's many small children.

The ORM's bulk_create builds a model instance and prepares every field of every row, which
costs more than the database itself when a document has hundreds of blocks, insertions and
mentions. Rows here are tuples of database-ready values (ints, strings, None) and go to the
database in one executemany.
"""

from __future__ import annotations

from functools import lru_cache

from django.db import connection, models


def insert_rows(model: type[models.Model], columns: tuple[str, ...], rows: list[tuple]) -> None:
    """INSERT `rows` (values in `columns` order, attribute names such as "block_id")."""
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(_insert_sql(connection.vendor, model, columns), rows)


@lru_cache(maxsize=64)
def _insert_sql(vendor: str, model: type[models.Model], columns: tuple[str, ...]) -> str:
    quote = connection.ops.quote_name
    names = [quote(model._meta.get_field(_field_name(c)).column) for c in columns]
    return (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(names)}) "
        f"VALUES ({', '.join(['%s'] * len(names))})"
    )


def _field_name(attname: str) -> str:
    return attname[:-3] if attname.endswith("_id") else attname
