"""What a report counts: a period, optionally one centre's area and one partner organisation.

A centre's figures cover everything in its administrative area, found by the
division code prefix (`Area.code_prefix`): a county centre counts the county,
its townships and villages; the city centre's area is the whole city, so its
figures are the network's. Per-centre tables group rows by the first six
digits of their area code (the county); rows without a county (city-level
points, activities with no area) form a "city level" row of their own.
"""

import datetime
from dataclasses import dataclass, replace

from django.db.models import Q
from django.db.models.functions import Substr

from partners.choices import PointKind
from partners.models import PartnerOrganisation, ServicePoint

#: Length of a county's division code prefix (see `partners.models.network`).
COUNTY_PREFIX_LENGTH = 6
#: The per-centre key of rows that belong to no county centre.
CITY_LEVEL = "city"


@dataclass(frozen=True)
class Scope:
    """A report's filter: dates (inclusive, open at either end), centre, organisation."""

    start: datetime.date | None = None
    end: datetime.date | None = None
    centre: ServicePoint | None = None
    organisation: PartnerOrganisation | None = None

    @classmethod
    def year(cls, year: int, **kwargs) -> "Scope":
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31), **kwargs)

    def previous_year(self) -> "Scope":
        """The same scope one year earlier (29 February falls back to the 28th)."""

        def back(day):
            if day is None:
                return None
            try:
                return day.replace(year=day.year - 1)
            except ValueError:
                return day.replace(year=day.year - 1, day=28)

        return replace(self, start=back(self.start), end=back(self.end))

    @property
    def area_prefix(self) -> str | None:
        """The code prefix rows must start with, or None for the whole network."""
        if self.centre is None or self.centre.kind == PointKind.CITY_CENTRE:
            return None
        return self.centre.area.code_prefix

    def area_q(self, code_path: str) -> Q:
        """Rows whose area code (at `code_path`, e.g. "area__code") is in the centre's area."""
        prefix = self.area_prefix
        return Q(**{f"{code_path}__startswith": prefix}) if prefix else Q()

    def dates_q(self, date_path: str) -> Q:
        q = Q()
        if self.start is not None:
            q &= Q(**{f"{date_path}__gte": self.start})
        if self.end is not None:
            q &= Q(**{f"{date_path}__lte": self.end})
        return q


def county_key(code_path: str):
    """An expression giving a row's county code prefix, the per-centre grouping key."""
    return Substr(code_path, 1, COUNTY_PREFIX_LENGTH)


def centres():
    """The network's centres, city first then counties by code (one query)."""
    return list(
        ServicePoint.objects.filter(
            kind__in=(PointKind.CITY_CENTRE, PointKind.COUNTY_CENTRE), is_active=True
        )
        .select_related("area")
        .order_by("level", "area__code")
    )


def centre_keys(centre_list) -> dict[str, ServicePoint]:
    """County code prefix → county centre."""
    return {
        centre.area.code[:COUNTY_PREFIX_LENGTH]: centre
        for centre in centre_list
        if centre.kind == PointKind.COUNTY_CENTRE
    }


def bucket(key: str | None, keys: dict) -> str:
    """The per-centre row a grouped key belongs to: a county prefix or `CITY_LEVEL`."""
    return key if key in keys else CITY_LEVEL
