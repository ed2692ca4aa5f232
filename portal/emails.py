"""Emails in both languages: Chinese first, the English text under it."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def render_bilingual(template: str, context: dict) -> tuple[str, str]:
    """Subject and body from `<template>_subject.txt` and `<template>_body.txt`."""
    parts = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            parts.append(
                (
                    render_to_string(f"{template}_subject.txt", context).strip(),
                    render_to_string(f"{template}_body.txt", context).strip(),
                )
            )
    (subject_zh, body_zh), (subject_en, body_en) = parts
    return f"{subject_zh} / {subject_en}", f"{body_zh}\n\n----------\n\n{body_en}\n"


def send_bilingual(template: str, context: dict, recipients) -> int:
    """Render and send one email to `recipients`; returns how many addresses it went to."""
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return 0
    subject, body = render_bilingual(template, context)
    send_mail(subject, body, None, recipients)
    return len(recipients)
