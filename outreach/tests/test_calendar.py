"""iCalendar feed and downloads of outreach events."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from outreach import factories

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def events():
    index = factories.EventIndexPageFactory()
    start = datetime.datetime(2030, 5, 1, 9, 30, tzinfo=SHANGHAI)
    upcoming = factories.EventPageFactory(
        parent=index,
        title="劳动节法律援助咨询",
        start=start,
        end=start + datetime.timedelta(hours=2),
    )
    past = factories.EventPageFactory(parent=index, title="往期讲座", past=True)
    draft = factories.EventPageFactory(parent=index, title="未发布活动", live=False)
    return index, upcoming, past, draft


def test_feed_parses_and_lists_only_upcoming_published_events(client, events):
    index, _, _, _ = events
    response = client.get(index.url + "ical/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert summaries == ["劳动节法律援助咨询"]


def test_feed_times_are_in_asia_shanghai(client, events):
    index, _, _, _ = events
    calendar = Calendar.from_ical(client.get(index.url + "ical/").content)
    event = calendar.walk("VEVENT")[0]
    start = event.decoded("DTSTART")
    assert start.utcoffset() == datetime.timedelta(hours=8)
    assert (start.hour, start.minute) == (9, 30)
    assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert event.decoded("DTEND") - start == datetime.timedelta(hours=2)


def test_single_event_downloads_as_an_ics_attachment(client, events):
    _, upcoming, _, _ = events
    response = client.get(upcoming.url + "ical/")
    assert response["Content-Disposition"] == f'attachment; filename="event-{upcoming.pk}.ics"'
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["LOCATION"]) == upcoming.venue
    assert str(event["URL"]).endswith(upcoming.url)
