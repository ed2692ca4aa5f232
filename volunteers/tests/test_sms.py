import io

import pytest

from volunteers import sms


@pytest.fixture
def locmem_sms(settings):
    settings.SMS_BACKEND = "volunteers.sms.LocmemSMSBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def test_send_sms_goes_through_the_configured_backend(locmem_sms):
    assert sms.send_sms("13900000001", "明天上午九点值班") == 1
    assert locmem_sms == [("13900000001", "明天上午九点值班")]


def test_send_sms_without_a_number_sends_nothing(locmem_sms):
    assert sms.send_sms("", "明天上午九点值班") == 0
    assert locmem_sms == []


def test_console_backend_writes_each_message():
    stream = io.StringIO()
    backend = sms.ConsoleSMSBackend(stream=stream)
    sent = backend.send_messages([("13900000001", "一"), ("13900000002", "二")])
    assert sent == 2
    assert "SMS to 13900000001\n一" in stream.getvalue()
    assert "SMS to 13900000002\n二" in stream.getvalue()


def test_get_sms_backend_reads_the_setting(settings):
    settings.SMS_BACKEND = "volunteers.sms.LocmemSMSBackend"
    assert isinstance(sms.get_sms_backend(), sms.LocmemSMSBackend)


def test_base_backend_must_be_subclassed():
    with pytest.raises(TypeError, match="send_messages"):
        sms.BaseSMSBackend()
