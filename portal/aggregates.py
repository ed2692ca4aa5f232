"""Database aggregates Django does not ship: the median.

PostgreSQL computes it with the ordered-set aggregate `percentile_cont`. SQLite
has no median, so `register_sqlite_median` adds one to each new SQLite
connection (Python's sqlite3 `create_aggregate`); SQLite is the embedded
single-user default, where the values pass through that small class row by row.
"""

import statistics

from django.db.models import Aggregate


class Median(Aggregate):
    """The median of an expression; on durations it returns a `timedelta`."""

    function = "MEDIAN"
    name = "Median"
    allow_distinct = False

    def as_postgresql(self, compiler, connection, **extra_context):
        # On a copy rather than as keywords: Aggregate.as_sql() passes its own
        # `template` when a `filter` is given, and two would collide.
        clone = self.copy()
        clone.function = "percentile_cont"
        clone.template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
        return clone.as_sql(compiler, connection, **extra_context)


class _SQLiteMedian:
    def __init__(self):
        self.values = []

    def step(self, value):
        if value is not None:
            self.values.append(value)

    def finalize(self):
        return statistics.median(self.values) if self.values else None


def register_sqlite_median(sender, connection, **kwargs):
    """`connection_created` receiver: give SQLite connections a MEDIAN() aggregate."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("MEDIAN", 1, _SQLiteMedian)


__all__ = ["Median", "register_sqlite_median"]
