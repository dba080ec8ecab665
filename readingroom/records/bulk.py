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
        for i, limit in _limits(model, columns):
            label = f"{model._meta.verbose_name} {_field_name(columns[i])}"
            for row in rows:
                check_length(label, row[i], limit)
        with connection.cursor() as cursor:
            cursor.executemany(_insert_sql(connection.vendor, model, columns), rows)


def check_length(label: str, value: object, limit: int) -> None:
    """Refuse a value longer than its column, as PostgreSQL would and SQLite would not, so a
    record is refused alike on both, the field named."""
    if isinstance(value, str) and len(value) > limit:
        raise ValueError(
            f"{label}: {len(value):,} characters where at most {limit:,} fit ({value[:50]!r}…)"
        )


def fitted(model: type[models.Model], field: str, derived: str) -> str:
    """A key derived from text (a slug, an enrichment key) cut to its column's length. Only
    for derived keys: the text they come from is stored whole elsewhere."""
    return derived[: model._meta.get_field(field).max_length]


def check_lengths(
    instance: models.Model, update_fields: frozenset[str] | None = None, **kwargs: object
) -> None:
    """`check_length` for the length-limited text columns a save writes (connected to
    `pre_save` of the archive's own models by `RecordsConfig.ready`)."""
    what, deferred = instance._meta.verbose_name, instance.get_deferred_fields()
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.CharField) or not field.max_length:
            continue
        if field.attname in deferred or (update_fields and field.name not in update_fields):
            continue
        check_length(f"{what} {field.name}", getattr(instance, field.attname), field.max_length)


@lru_cache(maxsize=64)
def _limits(model: type[models.Model], columns: tuple[str, ...]) -> list[tuple[int, int]]:
    """(position, max_length) of the columns that have a length limit."""
    fields = [model._meta.get_field(_field_name(c)) for c in columns]
    return [
        (i, f.max_length)
        for i, f in enumerate(fields)
        if isinstance(f, models.CharField) and f.max_length
    ]


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
