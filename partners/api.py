"""Read-only open-data API of the network directory, shaped after Open Referral HSDS 3.1.

Mapping (docs/open-data-api.md explains it for data users):

- organization ← every PartnerOrganisation, plus every active city or county legal
  aid centre (a ServicePoint of kind city_centre/county_centre): each centre is
  an organization of its own, its parent centre is `parent_organization_id`.
- location ← every active ServicePoint, the centres included (a centre is both the
  organization and the place people go to). Its `organization_id` is the body
  responsible for the point: the host partner organisation when there is one,
  the centre itself for a centre, otherwise the centre whose area contains the
  point's area (longest division-code prefix).
- service ← one per (service type, responsible organization) found among the
  active points: "legal advice by the 东升县 centre's network". Its
  service_at_locations are the points of that organization offering the type.
- taxonomy_term ← population groups ("legal-aid-groups") and service types
  ("legal-aid-services"), attached to locations and services as `attributes`.

Every id is a UUIDv5 of a readable name built from the rows' stable codes (see
`hsds_id`), so ids survive re-imports and differ between databases only if the
codes do. Filters select locations; services and service_at_locations are
derived from the selected locations.
"""

import csv
import datetime
import math
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from functools import wraps

from django.conf import settings
from django.db.models import Prefetch, Q
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import trans_real
from django.views.decorators.csrf import csrf_exempt

from portal.chinese import segment_query
from portal.i18n import is_english
from portal.spreadsheets import escape_formula

from .choices import PointKind, Weekday
from .models import (
    CODE_PREFIX_LENGTH,
    Area,
    LiaisonOfficer,
    PartnerOrganisation,
    PopulationGroup,
    ServicePoint,
    ServiceType,
)

HSDS_VERSION = "3.1"
# uuid5(NAMESPACE_URL, "urn:legal-aid-portal:open-data-api"), written out so that
# nobody "fixes" the name and silently changes every published id.
ID_NAMESPACE = uuid.UUID("0e361071-1719-5c28-abae-d4370f1be109")
GROUPS_TAXONOMY = "legal-aid-groups"
SERVICES_TAXONOMY = "legal-aid-services"
CODE_IDENTIFIER_TYPE = "legal-aid-portal-code"
CENTRE_KINDS = (PointKind.CITY_CENTRE, PointKind.COUNTY_CENTRE)
AREA_LEVELS = ("province", "city", "county", "township", "village")
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
FILTER_PARAMETERS = ("search", "modified_after", "taxonomy_term_id")
LIST_PARAMETERS = ("page", "per_page", *FILTER_PARAMETERS)
CACHE_SECONDS = 300


def hsds_id(*parts: str) -> str:
    """The published id of a record: UUIDv5 of its entity and codes joined by "/".

    E.g. `hsds_id("location", "qh-centre")`; the names are listed in the docs so
    a data user can recompute an id from a code.
    """
    return str(uuid.uuid5(ID_NAMESPACE, "/".join(parts)))


def location_id(code: str) -> str:
    return hsds_id("location", code)


def organization_id(key: tuple[str, str] | None) -> str | None:
    """`key` is ("centre", point code) or ("partner", organisation code)."""
    return hsds_id("organization", *key) if key else None


def service_id(org_key: tuple[str, str] | None, type_code: str) -> str:
    return hsds_id("service", *(org_key or ("none", "")), type_code)


def term_id(taxonomy: str, code: str) -> str:
    return hsds_id("taxonomy_term", taxonomy, code)


class ApiError(Exception):
    """A request the API refuses, reported as JSON naming the parameter at fault."""

    def __init__(self, message: str, parameter: str | None = None, status: int = 400):
        super().__init__(message)
        self.message = message
        self.parameter = parameter
        self.status = status


# --- Request plumbing --------------------------------------------------------


def request_language(request) -> str:
    """The language asked for in Accept-Language, ignoring the site's language cookie.

    Responses are cached publicly and vary on Accept-Language only; a cookie
    choosing the language would let a shared cache serve one person's language
    to another.
    """
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in trans_real.parse_accept_lang_header(header):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def json_response(data, status: int = 200) -> JsonResponse:
    return JsonResponse(
        data,
        status=status,
        safe=True,
        json_dumps_params={"ensure_ascii": False},
        content_type="application/json; charset=utf-8",
    )


def error_response(message: str, parameter: str | None = None, status: int = 400):
    return json_response({"error": message, "parameter": parameter}, status=status)


def check_parameters(query, allowed: tuple[str, ...]) -> None:
    unknown = sorted(name for name in query if name not in allowed)
    if unknown:
        if allowed:
            message = _("Unknown query parameter: %(names)s. Allowed parameters: %(allowed)s.") % {
                "names": ", ".join(unknown),
                "allowed": ", ".join(allowed),
            }
        else:
            message = _("Unknown query parameter: %(names)s. This address takes none.") % {
                "names": ", ".join(unknown)
            }
        raise ApiError(message, unknown[0])
    for name in query:
        if len(query.getlist(name)) > 1:
            raise ApiError(_("Give the parameter %(name)s only once.") % {"name": name}, name)


def api_endpoint(*allowed: str):
    """GET/HEAD only, language from Accept-Language, errors as JSON, open-data headers.

    CSRF is off because nothing here writes; without it a POST would get the
    CSRF 403 page instead of the 405 the API promises.
    """

    def decorator(view):
        @csrf_exempt
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            with translation.override(request_language(request)):
                if request.method not in ("GET", "HEAD"):
                    response = error_response(
                        _("This API is read-only: use GET."), None, status=405
                    )
                    response.headers["Allow"] = "GET, HEAD"
                else:
                    try:
                        check_parameters(request.GET, allowed)
                        response = view(request, *args, **kwargs)
                    except ApiError as error:
                        response = error_response(error.message, error.parameter, error.status)
                response.headers["Content-Language"] = translation.get_language()
            response.headers["Access-Control-Allow-Origin"] = "*"
            patch_vary_headers(response, ("Accept-Language",))
            if response.status_code == 200:
                patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
            else:
                patch_cache_control(response, no_store=True)
            return response

        return wrapper

    return decorator


# --- Query parameters -------------------------------------------------------


@dataclass
class TermFilter:
    """The population groups and service types one taxonomy_term_id stands for."""

    group_ids: list[int] = field(default_factory=list)
    type_ids: list[int] = field(default_factory=list)
    type_codes: set[str] = field(default_factory=set)


@dataclass
class Filters:
    words: list[str] = field(default_factory=list)
    modified_after: datetime.datetime | None = None
    term: TermFilter | None = None


def _value(query, name: str) -> str:
    return query.get(name, "").strip()


def parse_positive_int(query, name: str, default: int) -> int:
    value = _value(query, name)
    if not value:
        return default
    if not re.fullmatch(r"[0-9]+", value):
        raise ApiError(_("%(name)s must be a whole number.") % {"name": name}, name)
    number = int(value)
    if number < 1:
        raise ApiError(_("%(name)s must be 1 or more.") % {"name": name}, name)
    return number


def parse_modified_after(value: str) -> datetime.datetime:
    # An unencoded "+08:00" in a query string arrives as " 08:00".
    value = re.sub(r"(T[0-9:.]+) ([0-9]{2}:?[0-9]{2})$", r"\1+\2", value)
    try:
        moment = parse_datetime(value)
    except ValueError:
        moment = None
    if moment is None:
        raise ApiError(
            _(
                "modified_after must be an ISO 8601 date or date and time, "
                "such as 2026-01-31 or 2026-01-31T08:00:00Z."
            ),
            "modified_after",
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def resolve_term(value: str, request) -> TermFilter:
    term = TermFilter()
    for group in PopulationGroup.objects.all():
        if value in (group.code, term_id(GROUPS_TAXONOMY, group.code)):
            term.group_ids.append(group.pk)
    for service_type in ServiceType.objects.all():
        if value in (service_type.code, term_id(SERVICES_TAXONOMY, service_type.code)):
            term.type_ids.append(service_type.pk)
            term.type_codes.add(service_type.code)
    if not (term.group_ids or term.type_ids):
        raise ApiError(
            _(
                "Unknown taxonomy term %(value)s: use the code or id of a population "
                "group or service type, as listed at %(url)s."
            )
            % {"value": value, "url": request.build_absolute_uri(reverse("directory-api:index"))},
            "taxonomy_term_id",
        )
    return term


def parse_filters(request) -> Filters:
    query = request.GET
    filters = Filters()
    if search := _value(query, "search"):
        filters.words = segment_query(search).split()
    if modified_after := _value(query, "modified_after"):
        filters.modified_after = parse_modified_after(modified_after)
    if term := _value(query, "taxonomy_term_id"):
        filters.term = resolve_term(term, request)
    return filters


def parse_page(request) -> tuple[int, int]:
    """(page number, page size); a page size above the maximum is lowered to it."""
    page = parse_positive_int(request.GET, "page", 1)
    per_page = min(parse_positive_int(request.GET, "per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE)
    return page, per_page


def paginated(total: int, page: int, per_page: int, fetch) -> dict:
    """The HSDS page envelope; `fetch(start, stop)` returns that slice as dicts."""
    total_pages = max(1, math.ceil(total / per_page))
    if page > total_pages:
        raise ApiError(
            _("Page %(page)s does not exist: the last page is %(last)s.")
            % {"page": page, "last": total_pages},
            "page",
        )
    start = (page - 1) * per_page
    contents = fetch(start, start + per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page == total_pages,
        "empty": not contents,
        "contents": contents,
    }


# --- Selecting rows ----------------------------------------------------------


def _words_filter(words: list[str], fields: tuple[str, ...]) -> Q:
    """Every word must appear in one of the fields (AND across words)."""
    condition = Q()
    for word in words:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        condition &= any_field
    return condition


POINT_SEARCH_FIELDS = (
    "name",
    "address",
    "area__name",
    "area__parent__name",
    "area__parent__parent__name",
)


def filtered_points(filters: Filters):
    """Active points matching the filters (no ordering or prefetching yet)."""
    points = ServicePoint.objects.active()
    if filters.words:
        points = points.filter(_words_filter(filters.words, POINT_SEARCH_FIELDS))
    if filters.modified_after:
        # An officer's edit (e.g. withdrawn phone consent) changes the location too.
        changed = ServicePoint.objects.filter(officers__updated__gte=filters.modified_after).values(
            "pk"
        )
        points = points.filter(Q(updated__gte=filters.modified_after) | Q(pk__in=changed))
    if filters.term:
        groups = ServicePoint.groups_served.through.objects.filter(
            populationgroup_id__in=filters.term.group_ids
        ).values("servicepoint_id")
        types = ServicePoint.services.through.objects.filter(
            servicetype_id__in=filters.term.type_ids
        ).values("servicepoint_id")
        points = points.filter(Q(pk__in=groups) | Q(pk__in=types))
    return points


def with_location_details(points):
    return (
        points.select_related("area", "host_organisation")
        .prefetch_related(
            "groups_served",
            "services",
            "opening_hours",
            Prefetch("officers", queryset=LiaisonOfficer.objects.order_by("name", "pk")),
        )
        .order_by("area__code", "kind", "name", "code")
    )


class Centres:
    """The active legal aid centres, to find the organization responsible for a point."""

    def __init__(self):
        self.points = list(
            ServicePoint.objects.active()
            .filter(kind__in=CENTRE_KINDS)
            .select_related("area", "parent")
            .order_by("area__code", "name", "code")
        )
        self.by_code = {c.code: c for c in self.points}
        # Longest prefix first: a county centre wins over the city centre.
        self._by_prefix = sorted(
            ((c.area.code_prefix, c) for c in self.points), key=lambda pair: -len(pair[0])
        )

    def responsible(self, kind: str, code: str, area_code: str, host_code: str | None):
        if host_code:
            return ("partner", host_code)
        if kind in CENTRE_KINDS:
            return ("centre", code)
        for prefix, centre in self._by_prefix:
            if area_code.startswith(prefix):
                return ("centre", centre.code)
        return None

    def for_point(self, point):
        host = point.host_organisation.code if point.host_organisation_id else None
        return self.responsible(point.kind, point.code, point.area.code, host)

    def name_of(self, key) -> str:
        if key and key[0] == "centre" and key[1] in self.by_code:
            return self.by_code[key[1]].name
        return ""


def area_names(points) -> dict[str, str]:
    """Names of the province, city and county of every point's area, in one query."""
    codes = set()
    for point in points:
        codes.update(_ancestor_codes(point.area).values())
    return dict(Area.objects.filter(code__in=codes).values_list("code", "name"))


def _ancestor_codes(area) -> dict[str, str]:
    """{level: division code} for province, city and county at or above the area."""
    levels = AREA_LEVELS[: AREA_LEVELS.index(area.level) + 1]
    return {
        level: area.code[: CODE_PREFIX_LENGTH[level]].ljust(len(area.code), "0")
        for level in levels
        if level in ("province", "city", "county")
    }


# --- Serialisers ---------------------------------------------------------------


def _timestamp(moment: datetime.datetime) -> str:
    """UTC with milliseconds and Z: reusable as modified_after without URL-encoding."""
    return moment.astimezone(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _utc_offset() -> tuple[str, float]:
    offset = timezone.localtime().utcoffset()
    hours = offset.total_seconds() / 3600
    text = timezone.localtime().strftime("%z")
    return f"{text[:3]}:{text[3:]}", (int(hours) if hours.is_integer() else hours)


def _language() -> str:
    return "en" if is_english() else "zh"


def taxonomy_term(taxonomy: str, row) -> dict:
    return {
        "id": term_id(taxonomy, row.code),
        "code": row.code,
        "name": row.localized_name,
        "description": "",
        "taxonomy": taxonomy,
        "taxonomy_id": hsds_id("taxonomy", taxonomy),
        "language": _language(),
    }


def attribute(link_entity: str, link_id: str, taxonomy: str, row) -> dict:
    term = taxonomy_term(taxonomy, row)
    return {
        "id": hsds_id("attribute", link_entity, link_id, term["id"]),
        "link_id": link_id,
        "link_entity": link_entity,
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }


def phone(number: str, owner: str, owner_id: str) -> dict:
    return {
        "id": hsds_id("phone", owner, owner_id),
        f"{owner}_id": owner_id,
        "number": number,
        "type": "voice",
    }


def opening_periods(point) -> list[tuple[list[int], datetime.time, datetime.time]]:
    """Opening hours grouped by identical times: [([0, 1, 2, 3, 4], 08:30, 17:30)]."""
    days = defaultdict(set)
    for row in point.opening_hours.all():
        days[(row.opens, row.closes)].add(row.weekday)
    periods = [(sorted(weekdays), opens, closes) for (opens, closes), weekdays in days.items()]
    return sorted(periods, key=lambda period: (period[0][0], period[1]))


def schedules(point, loc_id: str) -> list[dict]:
    offset, offset_hours = _utc_offset()
    items = [
        {
            "id": hsds_id("schedule", point.code, f"{opens:%H%M}-{closes:%H%M}"),
            "location_id": loc_id,
            "freq": "WEEKLY",
            "wkst": "MO",
            "byday": ",".join(BYDAY[day] for day in weekdays),
            "opens_at": f"{opens:%H:%M}{offset}",
            "closes_at": f"{closes:%H:%M}{offset}",
            "timezone": offset_hours,
        }
        for weekdays, opens, closes in opening_periods(point)
    ]
    if point.duty_schedule:
        items.append(
            {
                "id": hsds_id("schedule", point.code, "duty"),
                "location_id": loc_id,
                "description": point.duty_schedule,
            }
        )
    return items


def contacts(point, loc_id: str) -> list[dict]:
    """Liaison officers; a phone number only when the officer consented to publishing it."""
    items = []
    for officer in point.officers.all():
        contact_id = hsds_id("contact", point.code, str(officer.pk))
        number = officer.public_phone
        items.append(
            {
                "id": contact_id,
                "location_id": loc_id,
                "name": officer.name,
                "title": _("Liaison officer"),
                "phones": [phone(number, "contact", contact_id)] if number else [],
            }
        )
    return items


def location_data(point, centres: Centres, names: dict[str, str]) -> dict:
    loc_id = location_id(point.code)
    ancestors = _ancestor_codes(point.area)
    data = {
        "id": loc_id,
        "location_type": "physical",
        "name": point.name,
        "description": point.description,
        "external_identifier": point.code,
        "external_identifier_type": CODE_IDENTIFIER_TYPE,
    }
    if org_id := organization_id(centres.for_point(point)):
        data["organization_id"] = org_id
    if point.latitude is not None and point.longitude is not None:
        data["latitude"] = float(point.latitude)
        data["longitude"] = float(point.longitude)
    data["addresses"] = [
        {
            "id": hsds_id("address", point.code),
            "location_id": loc_id,
            "address_1": point.address,
            "city": names.get(ancestors.get("city", ""), ""),
            "region": names.get(ancestors.get("county", ""), ""),
            "state_province": names.get(ancestors.get("province", ""), ""),
            "postal_code": "",
            "country": "CN",
            "address_type": "physical",
        }
    ]
    data["phones"] = [phone(point.phone, "location", loc_id)] if point.phone else []
    data["contacts"] = contacts(point, loc_id)
    data["schedules"] = schedules(point, loc_id)
    data["attributes"] = [
        attribute("location", loc_id, GROUPS_TAXONOMY, group) for group in point.groups_served.all()
    ] + [attribute("location", loc_id, SERVICES_TAXONOMY, kind) for kind in point.services.all()]
    data["last_modified"] = _timestamp(location_updated(point))
    return data


def location_updated(point) -> datetime.datetime:
    """When the point or one of its officers last changed (officers are prefetched)."""
    return max([point.updated, *(officer.updated for officer in point.officers.all())])


def _organization(key, name, description, phone_number, parent_key, updated, alternate=""):
    org_id = organization_id(key)
    data = {"id": org_id, "name": name}
    if alternate:
        data["alternate_name"] = alternate
    data["description"] = description
    if parent_key:
        data["parent_organization_id"] = organization_id(parent_key)
    data["phones"] = [phone(phone_number, "organization", org_id)] if phone_number else []
    data["organization_identifiers"] = [
        {
            "id": hsds_id("organization_identifier", *key),
            "organization_id": org_id,
            "identifier_type": CODE_IDENTIFIER_TYPE,
            "identifier": key[1],
        }
    ]
    data["last_modified"] = _timestamp(updated)
    return data


def centre_organization_data(centre, centres: Centres) -> dict:
    parent = centre.parent
    parent_key = ("centre", parent.code) if parent and parent.code in centres.by_code else None
    return _organization(
        ("centre", centre.code),
        centre.name,
        centre.description,
        centre.phone,
        parent_key,
        centre.updated,
    )


def partner_organization_data(partner) -> dict:
    parent_key = ("partner", partner.parent.code) if partner.parent_id else None
    return _organization(
        ("partner", partner.code),
        partner.name,
        partner.get_kind_display(),
        partner.phone,
        parent_key,
        partner.updated,
        alternate=partner.short_name,
    )


# --- Services, derived from the points -----------------------------------------------


@dataclass
class DerivedService:
    org_key: tuple[str, str] | None
    service_type: ServiceType
    last_modified: datetime.datetime
    location_codes: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return service_id(self.org_key, self.service_type.code)


@dataclass
class Offer:
    """One service type offered at one point: an HSDS service_at_location."""

    point_code: str
    area_code: str
    service: DerivedService

    def data(self) -> dict:
        return {
            "id": hsds_id("service_at_location", self.point_code, self.service.service_type.code),
            "service_id": self.service.id,
            "location_id": location_id(self.point_code),
        }


def derive_services(filters: Filters) -> tuple[list[DerivedService], list[Offer]]:
    """Services and service_at_locations of the points the filters select, in 3 queries."""
    centres = Centres()
    types = {t.code: t for t in ServiceType.objects.all()}
    links = ServicePoint.services.through.objects.filter(
        servicepoint__in=filtered_points(filters)
    ).values_list(
        "servicetype__code",
        "servicepoint__code",
        "servicepoint__kind",
        "servicepoint__area__code",
        "servicepoint__host_organisation__code",
        "servicepoint__updated",
    )
    wanted_types = filters.term.type_codes if filters.term and filters.term.type_codes else None
    services: dict[tuple, DerivedService] = {}
    offers = []
    for type_code, code, kind, area_code, host_code, updated in links:
        if wanted_types and type_code not in wanted_types:
            continue
        org_key = centres.responsible(kind, code, area_code, host_code)
        service = services.get((org_key, type_code))
        if service is None:
            service = services[(org_key, type_code)] = DerivedService(
                org_key, types[type_code], updated
            )
        service.last_modified = max(service.last_modified, updated)
        service.location_codes.append(code)
        offers.append(Offer(code, area_code, service))
    ordered = sorted(
        services.values(),
        key=lambda s: (s.service_type.sort_order, s.service_type.code, s.org_key or ("", "")),
    )
    offers.sort(key=lambda o: (o.area_code, o.point_code, o.service.service_type.sort_order))
    return ordered, offers


def service_data(service: DerivedService, *, nested: bool = False) -> dict:
    data = {"id": service.id}
    if service.org_key:
        data["organization_id"] = organization_id(service.org_key)
    data.update(
        {
            "name": service.service_type.localized_name,
            "status": "active",
            "last_modified": _timestamp(service.last_modified),
            "attributes": [
                attribute("service", service.id, SERVICES_TAXONOMY, service.service_type)
            ],
        }
    )
    if nested:
        data["service_at_locations"] = [
            {
                "id": hsds_id("service_at_location", code, service.service_type.code),
                "service_id": service.id,
                "location_id": location_id(code),
            }
            for code in sorted(service.location_codes)
        ]
    return data


# --- Views -----------------------------------------------------------------------


@api_endpoint()
def index(request):
    """What this API offers: HSDS version, endpoints and the two vocabularies."""

    def url(name):
        return request.build_absolute_uri(reverse(f"directory-api:{name}"))

    return json_response(
        {
            "version": HSDS_VERSION,
            "description": _(
                "Open data of the legal aid network directory: organizations, service "
                "points (locations), the services they offer and where, shaped after "
                "Open Referral HSDS."
            ),
            "publisher": {
                "name": str(settings.WAGTAIL_SITE_NAME),
                "website": request.build_absolute_uri("/"),
            },
            "endpoints": {
                "organizations": url("organizations"),
                "locations": url("locations"),
                "locations_csv": url("locations-csv"),
                "services": url("services"),
                "service_at_locations": url("service-at-locations"),
            },
            "parameters": {
                "lists": list(LIST_PARAMETERS),
                "locations_csv": list(FILTER_PARAMETERS),
                "max_per_page": MAX_PER_PAGE,
                "default_per_page": DEFAULT_PER_PAGE,
            },
            "taxonomies": [
                {
                    "id": hsds_id("taxonomy", GROUPS_TAXONOMY),
                    "name": GROUPS_TAXONOMY,
                    "description": _("Population groups a service point serves."),
                    "terms": [
                        taxonomy_term(GROUPS_TAXONOMY, g) for g in PopulationGroup.objects.all()
                    ],
                },
                {
                    "id": hsds_id("taxonomy", SERVICES_TAXONOMY),
                    "name": SERVICES_TAXONOMY,
                    "description": _("Services a service point offers."),
                    "terms": [
                        taxonomy_term(SERVICES_TAXONOMY, t) for t in ServiceType.objects.all()
                    ],
                },
            ],
        }
    )


def _not_found(value: str):
    return ApiError(_("Nothing has the id %(id)s.") % {"id": value}, None, status=404)


@api_endpoint(*LIST_PARAMETERS)
def location_list(request):
    filters = parse_filters(request)
    page, per_page = parse_page(request)
    points = with_location_details(filtered_points(filters))

    def fetch(start, stop):
        rows = list(points[start:stop])
        if not rows:
            return []
        centres, names = Centres(), area_names(rows)
        return [location_data(point, centres, names) for point in rows]

    return json_response(paginated(points.count(), page, per_page, fetch))


@api_endpoint()
def location_detail(request, record_id):
    code = next(
        (
            c
            for c in ServicePoint.objects.active().values_list("code", flat=True)
            if location_id(c) == record_id
        ),
        None,
    )
    point = with_location_details(ServicePoint.objects.active().filter(code=code)).first()
    if point is None:
        raise _not_found(record_id)
    return json_response(location_data(point, Centres(), area_names([point])))


ORGANISATION_SEARCH_FIELDS = ("name", "short_name", "area__name", "area__parent__name")


def _organizations(filters: Filters):
    """(centres, partner queryset, Centres) matching the filters."""
    centres = Centres()
    matching = centres.points
    partners = PartnerOrganisation.objects.select_related("parent").order_by("name", "code")
    if filters.words:
        selected = set(
            filtered_points(Filters(words=filters.words))
            .filter(kind__in=CENTRE_KINDS)
            .values_list("code", flat=True)
        )
        matching = [c for c in matching if c.code in selected]
        partners = partners.filter(_words_filter(filters.words, ORGANISATION_SEARCH_FIELDS))
    if filters.modified_after:
        matching = [c for c in matching if c.updated >= filters.modified_after]
        partners = partners.filter(updated__gte=filters.modified_after)
    if filters.term:
        responsible = {
            centres.responsible(kind, code, area_code, host)
            for kind, code, area_code, host in filtered_points(
                Filters(term=filters.term)
            ).values_list("kind", "code", "area__code", "host_organisation__code")
        }
        matching = [c for c in matching if ("centre", c.code) in responsible]
        partners = partners.filter(
            code__in=[key[1] for key in responsible if key and key[0] == "partner"]
        )
    return matching, partners, centres


@api_endpoint(*LIST_PARAMETERS)
def organization_list(request):
    """Centres first (by area), then partner organisations (by name)."""
    filters = parse_filters(request)
    page, per_page = parse_page(request)
    matching, partners, centres = _organizations(filters)

    def fetch(start, stop):
        contents = [centre_organization_data(c, centres) for c in matching[start:stop]]
        partner_start = max(0, start - len(matching))
        partner_stop = stop - len(matching)
        if partner_stop > 0:
            contents += [partner_organization_data(p) for p in partners[partner_start:partner_stop]]
        return contents

    return json_response(paginated(len(matching) + partners.count(), page, per_page, fetch))


@api_endpoint()
def organization_detail(request, record_id):
    centres = Centres()
    for centre in centres.points:
        if organization_id(("centre", centre.code)) == record_id:
            return json_response(centre_organization_data(centre, centres))
    codes = PartnerOrganisation.objects.values_list("code", flat=True)
    code = next((c for c in codes if organization_id(("partner", c)) == record_id), None)
    partner = PartnerOrganisation.objects.select_related("parent").filter(code=code).first()
    if partner is None:
        raise _not_found(record_id)
    return json_response(partner_organization_data(partner))


@api_endpoint(*LIST_PARAMETERS)
def service_list(request):
    filters = parse_filters(request)
    page, per_page = parse_page(request)
    services, _offers = derive_services(filters)
    return json_response(
        paginated(
            len(services),
            page,
            per_page,
            lambda start, stop: [service_data(s) for s in services[start:stop]],
        )
    )


@api_endpoint()
def service_detail(request, record_id):
    services, _offers = derive_services(Filters())
    service = next((s for s in services if s.id == record_id), None)
    if service is None:
        raise _not_found(record_id)
    return json_response(service_data(service, nested=True))


@api_endpoint(*LIST_PARAMETERS)
def service_at_location_list(request):
    filters = parse_filters(request)
    page, per_page = parse_page(request)
    _services, offers = derive_services(filters)
    return json_response(
        paginated(
            len(offers),
            page,
            per_page,
            lambda start, stop: [offer.data() for offer in offers[start:stop]],
        )
    )


# --- CSV ----------------------------------------------------------------------------


def _list_text(items) -> str:
    return ", ".join(items)


def opening_hours_text(point) -> str:
    return "; ".join(
        f"{_list_text(str(Weekday(day).label) for day in weekdays)} {opens:%H:%M}–{closes:%H:%M}"
        for weekdays, opens, closes in opening_periods(point)
    )


def csv_columns():
    """(header, value of a point) pairs; headers follow the request's language."""
    return [
        (_("Code"), lambda p, ctx: p.code),
        (_("Open data id"), lambda p, ctx: location_id(p.code)),
        (_("Name"), lambda p, ctx: p.name),
        (_("Kind"), lambda p, ctx: p.get_kind_display()),
        (_("Level"), lambda p, ctx: p.get_level_display()),
        (_("Province"), lambda p, ctx: ctx.ancestor_name(p, "province")),
        (_("City"), lambda p, ctx: ctx.ancestor_name(p, "city")),
        (_("County / district"), lambda p, ctx: ctx.ancestor_name(p, "county")),
        (_("Area"), lambda p, ctx: p.area.name),
        (_("Address"), lambda p, ctx: p.address),
        (_("Latitude"), lambda p, ctx: p.latitude if p.longitude is not None else None),
        (_("Longitude"), lambda p, ctx: p.longitude if p.latitude is not None else None),
        (_("Phone"), lambda p, ctx: p.phone),
        (_("Opening hours"), lambda p, ctx: opening_hours_text(p)),
        (_("Duty schedule"), lambda p, ctx: p.duty_schedule),
        (
            _("Groups served"),
            lambda p, ctx: _list_text(g.localized_name for g in p.groups_served.all()),
        ),
        (
            _("Services offered"),
            lambda p, ctx: _list_text(s.localized_name for s in p.services.all()),
        ),
        (
            _("Liaison officers"),
            lambda p, ctx: _list_text(
                " ".join(filter(None, [o.name, o.public_phone])) for o in p.officers.all()
            ),
        ),
        (_("Responsible organisation"), lambda p, ctx: ctx.responsible_name(p)),
        (_("Description"), lambda p, ctx: p.description),
        (
            _("Last modified"),
            lambda p, ctx: timezone.localtime(p.updated).strftime("%Y-%m-%d %H:%M"),
        ),
    ]


class CsvContext:
    def __init__(self, points):
        self.centres = Centres()
        self.names = area_names(points)

    def ancestor_name(self, point, level: str) -> str:
        return self.names.get(_ancestor_codes(point.area).get(level, ""), "")

    def responsible_name(self, point) -> str:
        if point.host_organisation_id:
            return point.host_organisation.name
        return self.centres.name_of(self.centres.for_point(point))


@api_endpoint(*FILTER_PARAMETERS)
def location_csv(request):
    """Every selected location as one spreadsheet row (UTF-8 with BOM for Excel).

    The csv module writes straight into the response and leaves every cell to
    `escape_formula`; tablib would build the whole sheet in memory first and adds
    nothing a single CSV needs (it is kept for the XLSX import/export).
    """
    filters = parse_filters(request)
    points = list(with_location_details(filtered_points(filters)))
    context = CsvContext(points)
    columns = csv_columns()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"legal-aid-locations-{timezone.localdate():%Y%m%d}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([header for header, _getter in columns])
    for point in points:
        writer.writerow([escape_formula(value(point, context)) for _header, value in columns])
    return response
