"""Faults: a lost database connection, a failing mail server, a crash inside a service."""

import logging
import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.handlers.wsgi import WSGIHandler
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import OperationalError, connection, connections
from django.test import Client, RequestFactory
from django.utils import timezone
from django_tasks import task_backends

from partners import services as partner_services
from partners.choices import ReferralStatus
from partners.factories import PartnerMembershipFactory, ReferralFactory
from partners.models import Referral, ReferralTransition
from partners.tasks import send_referral_update_task
from portal import tasks as portal_tasks
from portal.factories import StaffUserFactory
from volunteers import services as volunteer_services
from volunteers.choices import SignupStatus
from volunteers.factories import ShiftFactory, VolunteerFactory
from volunteers.models import ShiftSignup

pytestmark = pytest.mark.django_db


# --- the database connection dies in the middle of a request -----------------------


def _wsgi_get(path: str):
    """GET through Django's real WSGI handler, as gunicorn calls it.

    The test client switches off `close_old_connections` around its requests;
    the real handler runs it when a request starts and ends, which is what
    drops a broken connection (CONN_HEALTH_CHECKS) so the next request reconnects.
    """
    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET")
    captured = {}

    def start_response(status, headers, exc_info=None):
        captured["status"] = int(status.split()[0])

    response = WSGIHandler()(environ, start_response)
    try:
        body = b"".join(response).decode()
    finally:
        response.close()  # fires request_finished, like the WSGI server does
    return captured["status"], body


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="terminates the server process of the connection: PostgreSQL only",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_connection_killed_mid_request_gives_the_error_page_then_recovers(home_page, caplog):
    killed = []

    def kill_on_first_query(execute, sql, params, many, context):
        if not killed:
            pid = connection.connection.info.backend_pid
            other = connections.create_connection("default")
            try:
                with other.cursor() as cursor:
                    cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            finally:
                other.close()
            killed.append(pid)
        return execute(sql, params, many, context)

    connection.ensure_connection()
    try:
        with (
            caplog.at_level(logging.CRITICAL, logger="django.request"),
            connection.execute_wrapper(kill_on_first_query),
        ):
            status, body = _wsgi_get("/directory/")
        assert killed
        assert status == 500
        assert "服务器出错" in body and "Server error" in body

        status, body = _wsgi_get("/directory/")
        assert status == 200
        assert connection.connection.info.backend_pid != killed[0]
    finally:
        connection.close()


def test_database_error_mid_request_gives_the_error_page_on_any_database(home_page, caplog):
    """On SQLite too: a query fails as on a dead connection; the visitor gets the 500 page."""

    def fail(execute, sql, params, many, context):
        raise OperationalError("server closed the connection unexpectedly")

    client = Client(raise_request_exception=False)
    with (
        caplog.at_level(logging.CRITICAL, logger="django.request"),
        connection.execute_wrapper(fail),
    ):
        response = client.get("/directory/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "服务器出错" in html and "Server error" in html
    assert client.get("/directory/").status_code == 200


# --- a failing mail server -------------------------------------------------------------


class FlakyBackend(LocmemBackend):
    """Fails `failures` times with an SMTP error, then delivers to `mail.outbox`."""

    failures = 0
    attempts = 0

    def send_messages(self, messages):
        type(self).attempts += 1
        if type(self).attempts <= type(self).failures:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def flaky_mail(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.attempts = 0
    FlakyBackend.failures = 0
    return FlakyBackend


def _referral_with_submitter():
    membership = PartnerMembershipFactory(coordinator=True)
    return ReferralFactory(organisation=membership.organisation, submitted_by=membership.user)


def test_email_task_retries_and_delivers_the_notification_once(
    flaky_mail, django_capture_on_commit_callbacks, caplog
):
    flaky_mail.failures = 2
    referral = _referral_with_submitter()
    with (
        caplog.at_level(logging.WARNING, logger="portal.tasks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        partner_services.transition_referral(
            referral.pk, ReferralStatus.UNDER_REVIEW, by=StaffUserFactory(), role="staff"
        )
    assert flaky_mail.attempts == 3
    assert len(mail.outbox) == 1
    assert referral.reference in mail.outbox[0].body
    retries = [r for r in caplog.records if r.name == "portal.tasks"]
    assert [r.levelname for r in retries] == ["WARNING", "WARNING"]


def test_email_task_gives_up_after_the_last_attempt_and_logs_an_error(
    flaky_mail, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_TASK_MAX_ATTEMPTS = 4
    flaky_mail.failures = 1000  # the mail server never comes back
    referral = _referral_with_submitter()
    with (
        caplog.at_level(logging.WARNING, logger="portal.tasks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        partner_services.transition_referral(
            referral.pk, ReferralStatus.UNDER_REVIEW, by=StaffUserFactory(), role="staff"
        )
    assert flaky_mail.attempts == 4  # bounded: the immediate backend does not recurse on
    assert mail.outbox == []
    ours = [r for r in caplog.records if r.name == "portal.tasks"]
    assert [r.levelname for r in ours] == ["WARNING", "WARNING", "WARNING", "ERROR"]
    assert "failed for good after 4 attempts" in ours[-1].getMessage()
    # The task result itself is marked failed, with the traceback, for the worker's records.
    assert any("state=FAILED" in r.getMessage() for r in caplog.records if r.name == "django_tasks")


def test_email_task_retry_is_deferred_on_a_backend_that_can_wait(flaky_mail, settings):
    """With the database worker the retry waits; the dummy backend shows the queued retry."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"},
    }
    settings.EMAIL_TASK_RETRY_DELAY = 30
    flaky_mail.failures = 1
    referral = _referral_with_submitter()
    entry = ReferralTransition.objects.create(
        referral=referral, at=timezone.now(), from_status="submitted", to_status="under_review"
    )
    backend = task_backends["default"]
    backend.clear()  # the factories above may have queued emails of their own
    before = timezone.now()
    assert send_referral_update_task.call(entry.pk, _attempt=2) is None
    (queued,) = backend.results
    assert queued.kwargs == {"_attempt": 3}
    assert queued.args == [entry.pk] or queued.args == (entry.pk,)
    # The second failure waits twice the base delay.
    assert queued.task.run_after >= before + timedelta(seconds=60)
    assert mail.outbox == []


def test_email_task_does_not_retry_errors_that_are_not_mail_failures(flaky_mail):
    with pytest.raises(ReferralTransition.DoesNotExist):
        send_referral_update_task.call(0)
    assert flaky_mail.attempts == 0


def test_retry_delay_doubles():
    assert [portal_tasks.retry_delay(n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]


# --- a crash between the steps of a service ---------------------------------------------


class Crash(Exception):
    pass


def test_crash_after_the_status_change_leaves_the_referral_untouched(
    monkeypatch, flaky_mail, django_capture_on_commit_callbacks
):
    referral = _referral_with_submitter()

    def crash(**kwargs):
        raise Crash

    # Step one (the status change) has run when step two (the history row) fails.
    monkeypatch.setattr(ReferralTransition.objects, "create", crash)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Crash):
        partner_services.transition_referral(
            referral.pk, ReferralStatus.UNDER_REVIEW, by=StaffUserFactory(), role="staff"
        )
    fresh = Referral.objects.get(pk=referral.pk)
    assert fresh.status == ReferralStatus.SUBMITTED
    assert fresh.status_changed_at == referral.status_changed_at
    assert not ReferralTransition.objects.filter(referral=referral).exists()
    assert callbacks == []
    assert mail.outbox == []


def test_crash_after_the_waitlist_promotion_leaves_both_places_as_they_were(
    monkeypatch, django_capture_on_commit_callbacks
):
    shift = ShiftFactory(capacity=1)
    holder, waiting = VolunteerFactory.create_batch(2, source="teacher")
    signup = volunteer_services.sign_up(shift.pk, holder)
    queued = volunteer_services.sign_up(shift.pk, waiting)
    assert queued.status == SignupStatus.WAITLISTED
    promote = volunteer_services._promote

    def promote_then_crash(shift, *, now):
        offered = promote(shift, now=now)
        assert offered  # the offer was written and its email registered ...
        raise Crash  # ... when the process dies

    monkeypatch.setattr(volunteer_services, "_promote", promote_then_crash)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Crash):
        volunteer_services.cancel_signup(signup.pk, volunteer=holder)
    statuses = dict(ShiftSignup.objects.filter(shift=shift).values_list("pk", "status"))
    assert statuses == {signup.pk: SignupStatus.CONFIRMED, queued.pk: SignupStatus.WAITLISTED}
    assert ShiftSignup.objects.get(pk=queued.pk).offer_expires_at is None
    assert callbacks == []
    assert mail.outbox == []
