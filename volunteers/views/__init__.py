"""Volunteer pages, split by journey: the account side and the shifts side."""

from .account import (
    account_delete,
    apply,
    calendar_feed,
    calendar_token,
    data_export,
    file_download,
    file_upload,
    home,
    my_data,
)
from .shifts import (
    certificate,
    certificate_verify,
    hours,
    opportunity_list,
    shift_detail,
    shift_signup,
    signup_cancel,
    signup_confirm,
)

__all__ = [
    "account_delete",
    "apply",
    "calendar_feed",
    "calendar_token",
    "certificate",
    "certificate_verify",
    "data_export",
    "file_download",
    "file_upload",
    "home",
    "hours",
    "my_data",
    "opportunity_list",
    "shift_detail",
    "shift_signup",
    "signup_cancel",
    "signup_confirm",
]
