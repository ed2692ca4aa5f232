"""iCalendar (RFC 5545) files of outreach events, written with the `icalendar` library."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event


def _event_component(page, request) -> Event:
    tz = ZoneInfo(settings.TIME_ZONE)
    event = Event()
    event.add("uid", f"event-{page.pk}@{request.get_host().split(':')[0]}")
    event.add("dtstamp", (page.last_published_at or timezone.now()).astimezone(datetime.UTC))
    event.add("dtstart", page.start.astimezone(tz))
    event.add("dtend", page.end.astimezone(tz))
    event.add("summary", page.title)
    event.add("location", page.venue)
    url = page.get_full_url(request)
    event.add("description", "\n".join(filter(None, [page.summary, page.organiser, url])))
    event.add("url", url)
    return event


def build_calendar(pages, request, *, name: str) -> bytes:
    """A VCALENDAR holding one VEVENT per page, with the VTIMEZONE it refers to."""
    calendar = Calendar()
    calendar.add("prodid", "-//Legal aid network portal//outreach events//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for page in pages:
        calendar.add_component(_event_component(page, request))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_response(content: bytes, *, filename: str, attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
