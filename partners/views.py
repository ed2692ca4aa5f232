"""The public directory of the legal aid network: find the nearest workstation or liaison point.

People browse from the city to their county, township and village, or search
for a place name; every point has a page and a printable notice-board sheet
(便民公示牌). Each page makes the same number of queries however large the
network is: lists come from `ServicePoint.objects.for_directory()` and counts
are one grouped query.
"""

from collections import defaultdict
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Substr
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.chinese import segment_query

from .choices import AreaLevel, PointKind, Weekday
from .forms import DirectoryFilterForm
from .models import CODE_PREFIX_LENGTH, Area, ProviderRosterEntry, ServicePoint

RESULTS_PAGE_SIZE = 25
BROWSE_LEVELS = (AreaLevel.COUNTY, AreaLevel.TOWNSHIP, AreaLevel.VILLAGE)

# Section headings of a list grouped by kind, in the order of the network.
KIND_HEADINGS = {
    PointKind.CITY_CENTRE: _("City legal aid centre"),
    PointKind.COUNTY_CENTRE: _("County legal aid centres"),
    PointKind.WORKSTATION: _("Township workstations"),
    PointKind.SPECIAL_WORKSTATION: _("Special workstations"),
    PointKind.COURT_STATION: _("Duty lawyers at the court"),
    PointKind.PROCURATORATE_STATION: _("Duty lawyers at the procuratorate"),
    PointKind.DETENTION_STATION: _("Duty lawyers at the detention centre"),
    PointKind.LIAISON_POINT: _("Village liaison points"),
}


# ---------------------------------------------------------------------------
# Queries


def search_points(points, query: str):
    """Points whose name, address, areas or host organisation contain every word of `query`.

    The query is segmented with jieba exactly as the outreach search segments
    it (`portal.chinese.segment_query`), and every word must match (AND across
    words) in at least one field (OR across fields): the same semantics as the
    outreach search's `operator="and"`. The outreach search then looks the words
    up in an index of jieba-segmented text; here the fields are short place and
    organisation names, where a substring test (`icontains`) finds everything
    that index would and more: jieba does not know most village names and may
    cut them one way in a query and another inside a longer name (大殷村 comes
    out as 大 + 殷村), but every piece of the query is still a substring of the
    name. The price is that a one-character piece such as 大 matches widely on
    its own; the other words of the query narrow it down again. A few thousand
    rows of short text need no index, and the test runs the same on SQLite and
    PostgreSQL.
    """
    for word in segment_query(query).split():
        points = points.filter(
            Q(name__icontains=word)
            | Q(address__icontains=word)
            | Q(area__name__icontains=word)
            | Q(area__parent__name__icontains=word)
            | Q(area__parent__parent__name__icontains=word)
            | Q(host_organisation__name__icontains=word)
            | Q(host_organisation__short_name__icontains=word)
        )
    return points


def _filtered(points, filters: dict):
    if group := filters.get("group"):
        points = points.filter(groups_served=group)
    if kind := filters.get("kind"):
        points = points.filter(kind=kind)
    if query := filters.get("q"):
        points = search_points(points, query)
    return points


def _listed_points():
    """Points as the lists show them: areas up to the county, groups, hours and officers."""
    return (
        ServicePoint.objects.for_directory()
        .select_related("area__parent__parent")
        .prefetch_related("officers")
    )


def _counts_by_prefix(points, length: int) -> dict[str, int]:
    """How many points lie in each area, keyed by the first `length` digits of its code.

    One grouped query for all the areas of a level: division codes nest by prefix.
    """
    rows = (
        points.order_by()
        .annotate(prefix=Substr("area__code", 1, length))
        .values("prefix")
        .annotate(total=Count("pk"))
    )
    return {row["prefix"]: row["total"] for row in rows}


def _with_counts(areas, points):
    """The areas, each with `point_count`: the matching points in it and below it."""
    counts = {}
    for length in {CODE_PREFIX_LENGTH[a.level] for a in areas}:
        counts.update(_counts_by_prefix(points, length))
    for area in areas:
        area.point_count = counts.get(area.code_prefix, 0)
    return areas


# ---------------------------------------------------------------------------
# Presentation helpers


def _decorate(points, now):
    """Set on each point `open_now` (True, False, or None when it publishes no hours)
    and `trail`, its areas from the county down."""
    for point in points:
        point.open_now = point.is_open_at(now) if point.opening_hours.all() else None
        point.trail = _trail(point.area)
    return points


def _by_kind(points) -> list[dict]:
    """The points in sections by kind, in the order of the network (centres first)."""
    sections = defaultdict(list)
    for point in points:
        sections[point.kind].append(point)
    return [
        {"kind": kind, "heading": KIND_HEADINGS[kind], "points": sections[kind]}
        for kind in PointKind
        if sections[kind]
    ]


def _trail(area) -> list[Area]:
    """The area and the areas above it, from the county down (the index stands for the city)."""
    trail = []
    while area is not None and area.level in BROWSE_LEVELS:
        trail.append(area)
        # A county's parent is the city: not part of the trail, and not fetched.
        area = None if area.level == AreaLevel.COUNTY else area.parent
    return trail[::-1]


def _week(point, now) -> list[dict]:
    """The opening hours as seven rows, Monday first, with today's row marked."""
    periods = defaultdict(list)
    for row in point.opening_hours.all():
        periods[row.weekday].append(row)
    today = timezone.localtime(now).weekday()
    return [
        {
            "day": label,
            "periods": sorted(periods[day], key=lambda row: row.opens),
            "is_today": day == today,
        }
        for day, label in Weekday.choices
    ]


def _results(request, points, now):
    page = Paginator(points, RESULTS_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = _decorate(list(page.object_list), now)
    return page


def _filter_query(filters: dict) -> str:
    """The valid filters as a query string, for pagination and links to the areas below."""
    values = {
        "q": filters.get("q", ""),
        "group": getattr(filters.get("group"), "code", ""),
        "kind": filters.get("kind", ""),
    }
    return urlencode({name: value for name, value in values.items() if value})


def _get_point(code: str, *, with_children: bool = True) -> ServicePoint:
    """An active point with everything its page shows; 404 for unknown or inactive codes."""
    points = (
        ServicePoint.objects.for_directory()
        .select_related("area__parent__parent", "parent")
        .prefetch_related("officers")
    )
    if with_children:
        active_children = (
            ServicePoint.objects.active().select_related("area").order_by("area__code", "name")
        )
        points = points.prefetch_related(
            Prefetch("children", queryset=active_children, to_attr="active_children")
        )
    return get_object_or_404(points, code=code)


# ---------------------------------------------------------------------------
# Views


def directory_index(request):
    """The city's centre and special stations, and its counties with their number of points.

    With a search or a filter, the matching points of the whole city, a page at a time.
    """
    form = DirectoryFilterForm(request.GET or None)
    filters = form.filters
    now = timezone.now()
    areas = list(Area.objects.filter(level__in=[AreaLevel.CITY, AreaLevel.COUNTY]))
    city = next((a for a in areas if a.level == AreaLevel.CITY), None)
    counties = [a for a in areas if a.level == AreaLevel.COUNTY]
    _with_counts(counties, _filtered(ServicePoint.objects.active(), filters))
    context = {
        "form": form,
        "filters": filters,
        "filter_query": _filter_query(filters),
        "city": city,
        "counties": counties,
    }
    if filters:
        context["results"] = _results(request, _filtered(_listed_points(), filters), now)
    else:
        city_points = _listed_points().filter(area__level=AreaLevel.CITY)
        context["sections"] = _by_kind(_decorate(list(city_points), now))
    return TemplateResponse(request, "partners/directory_index.html", context)


def area_detail(request, code):
    """A county, township or village: its points by kind and the areas inside it.

    A township lists its own workstation and the liaison points of all its
    villages, so a village's point is three clicks from the home page.
    """
    area = get_object_or_404(Area.objects.select_related("parent__parent"), code=code)
    if area.level == AreaLevel.CITY:
        query = request.GET.urlencode()
        return redirect(reverse("partners:index") + (f"?{query}" if query else ""))
    if area.level not in BROWSE_LEVELS:
        raise Http404("Not an area of the directory.")
    form = DirectoryFilterForm(request.GET or None)
    filters = form.filters
    now = timezone.now()
    children = _with_counts(
        list(area.children.order_by("code")),
        _filtered(ServicePoint.objects.active().in_area(area), filters),
    )
    context = {
        "area": area,
        "trail": _trail(area),
        "form": form,
        "filters": filters,
        "filter_query": _filter_query(filters),
        "children": children,
    }
    if filters:
        points = _filtered(_listed_points().in_area(area), filters)
        context["results"] = _results(request, points, now)
    else:
        points = _listed_points().filter(Q(area=area) | Q(area__parent=area))
        context["sections"] = _by_kind(_decorate(list(points), now))
    return TemplateResponse(request, "partners/area_detail.html", context)


def point_detail(request, code):
    """One point: how to reach it, when it is open, who to ask, and what is below it."""
    point = _get_point(code)
    now = timezone.now()
    _decorate([point], now)
    return TemplateResponse(
        request,
        "partners/point_detail.html",
        {
            "point": point,
            "trail": _trail(point.area),
            "week": _week(point, now),
            "point_url": request.build_absolute_uri(reverse("partners:point", args=[point.code])),
        },
    )


def notice_board(request, code):
    """The point's 便民公示牌: one A4 sheet to print and put up at the point."""
    point = _get_point(code, with_children=False)
    now = timezone.now()
    return TemplateResponse(
        request,
        "partners/notice_board.html",
        {
            "point": point,
            "week": _week(point, now),
            "point_url": request.build_absolute_uri(reverse("partners:point", args=[point.code])),
        },
    )


def roster(request):
    """The public roster of lawyers and legal service workers applicants choose from (点援制)."""
    entries = ProviderRosterEntry.objects.filter(is_active=True).select_related("area")
    counties: dict = {}
    for entry in entries.order_by("area__code", "name"):
        counties.setdefault(entry.area, []).append(entry)
    return TemplateResponse(request, "partners/roster.html", {"counties": list(counties.items())})
