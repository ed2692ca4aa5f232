"""Retries for email tasks: a mail server that is down must not lose a notification.

django-tasks 0.12 has no retry of its own. `email_task` is `@task()` plus this:
when sending fails with a network or SMTP error (`smtplib.SMTPException` is an
`OSError`), the task enqueues itself again with the attempt number, after a
delay that doubles each time (`run_after`, when the backend can defer; the
database worker in production can, the immediate backend of dev and tests
runs the retry at once). After `EMAIL_TASK_MAX_ATTEMPTS` attempts the failure
is logged as an error and raised, so the task result is marked failed with its
traceback: never dropped silently. The attempt bound also bounds the nesting
when the immediate backend runs each retry inside the failed attempt.
"""

import functools
import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

DEFAULT_MAX_ATTEMPTS = 5
DEFAULT_RETRY_DELAY = 60  # seconds before the second attempt; doubled after each


def max_attempts() -> int:
    return max(1, int(getattr(settings, "EMAIL_TASK_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS)))


def retry_delay(attempt: int) -> timedelta:
    """How long to wait after failed attempt number `attempt` (1-based)."""
    base = int(getattr(settings, "EMAIL_TASK_RETRY_DELAY", DEFAULT_RETRY_DELAY))
    return timedelta(seconds=base * 2 ** (attempt - 1))


def email_task(function=None, **task_options):
    """`@task()` for a function that sends email, retried on mail failures.

    The task takes one extra keyword argument, `_attempt` (1 on the first run),
    which only the retry passes.
    """

    def decorate(func):
        @functools.wraps(func)
        def run(*args, _attempt: int = 1, **kwargs):
            try:
                return func(*args, **kwargs)
            except OSError as error:
                limit = max_attempts()
                if _attempt >= limit:
                    logger.error(
                        "Email task %s%r failed for good after %d attempts: %r",
                        func.__name__,
                        args,
                        _attempt,
                        error,
                    )
                    raise
                logger.warning(
                    "Email task %s%r failed (attempt %d of %d), retrying: %r",
                    func.__name__,
                    args,
                    _attempt,
                    limit,
                    error,
                )
                retry = wrapped
                if retry.get_backend().supports_defer:
                    retry = retry.using(run_after=timezone.now() + retry_delay(_attempt))
                retry.enqueue(*args, _attempt=_attempt + 1, **kwargs)
                return None

        wrapped = task(**task_options)(run)
        return wrapped

    if function is not None:
        return decorate(function)
    return decorate
