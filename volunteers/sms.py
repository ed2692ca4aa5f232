"""Text messages (短信) to volunteers' mobiles, through a pluggable backend.

Works like Django's email backends: `settings.SMS_BACKEND` names a class, and
`send_sms()` hands it (mobile, text) pairs. Two backends ship here:

* `ConsoleSMSBackend` (the default) prints each message, for development;
* `LocmemSMSBackend` keeps them in `volunteers.sms.outbox`, for tests.

A real provider plugs in as a subclass of `BaseSMSBackend` living in its own
module, named in the `SMS_BACKEND` environment variable, e.g.
`SMS_BACKEND=portal.sms_aliyun.AliyunSMSBackend`. Its `send_messages()` calls
the provider's API (Aliyun `dysmsapi` SendSms, Tencent Cloud `sms` SendSms) and
returns how many were accepted. Both providers only deliver text that matches a
pre-approved template and add the approved signature (签名, e.g. 【清河法援】)
themselves, so such a backend maps our text onto its template parameters and
reads the key, signature and template code from environment variables. It
should not raise for a single refused number: log it and carry on, as the
reminder has already been marked sent.
"""

import sys
import threading
from abc import ABC, abstractmethod

from django.conf import settings
from django.utils.module_loading import import_string

#: Messages "sent" through the locmem backend, as (mobile, text) pairs.
outbox: list[tuple[str, str]] = []


class BaseSMSBackend(ABC):
    """Sends text messages; a provider's backend implements `send_messages`."""

    def __init__(self, fail_silently: bool = False, **kwargs):
        self.fail_silently = fail_silently

    @abstractmethod
    def send_messages(self, messages) -> int:
        """Send (mobile, text) pairs; return how many were sent."""


class ConsoleSMSBackend(BaseSMSBackend):
    """Write messages to stdout, like Django's console email backend."""

    def __init__(self, *args, stream=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stream = stream or sys.stdout
        self._lock = threading.RLock()

    def send_messages(self, messages) -> int:
        sent = 0
        with self._lock:
            for mobile, text in messages:
                self.stream.write(f"SMS to {mobile}\n{text}\n{'-' * 40}\n")
                sent += 1
            self.stream.flush()
        return sent


class LocmemSMSBackend(BaseSMSBackend):
    """Keep messages in the module-level `outbox` list, for tests."""

    def send_messages(self, messages) -> int:
        messages = list(messages)
        outbox.extend(messages)
        return len(messages)


def get_sms_backend(backend: str | None = None, **kwargs) -> BaseSMSBackend:
    """An instance of the configured backend (or of the dotted path `backend`)."""
    return import_string(backend or settings.SMS_BACKEND)(**kwargs)


def send_sms(mobile: str, text: str, *, fail_silently: bool = False) -> int:
    """Send one text message; returns 1 when sent, 0 when there is no number."""
    if not mobile:
        return 0
    return get_sms_backend(fail_silently=fail_silently).send_messages([(mobile, text)])
