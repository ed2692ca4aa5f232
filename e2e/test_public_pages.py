"""The public pages as a person on a phone or a desktop sees them."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import platform_fonts


def _root_font_size(page) -> float:
    return float(page.evaluate("getComputedStyle(document.documentElement).fontSize")[:-2])


def test_home_page_renders_in_chinese_with_cjk_fonts(demo_site, phone_page, screenshot):
    phone_page.goto(demo_site + "/")
    assert phone_page.locator("html").get_attribute("lang") == "zh-hans"
    assert phone_page.locator("h1").inner_text() == "法律援助，为您的权益护航"
    assert phone_page.get_by_role("link", name="12348").first.is_visible()
    fonts = platform_fonts(phone_page, "h1")
    # Every glyph of the title was drawn with a CJK font: no missing-glyph boxes.
    assert fonts
    assert all("CJK" in f["familyName"] for f in fonts), fonts
    # Nothing overflows the 375 px phone width.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone_page, "-375")


def test_home_page_renders_in_english(demo_site, desktop_page, screenshot):
    desktop_page.goto(demo_site + "/")
    desktop_page.get_by_role("link", name="English").click()
    desktop_page.wait_for_url("**/en/")
    assert desktop_page.locator("html").get_attribute("lang") == "en"
    assert desktop_page.locator("h1").inner_text() == "Legal aid protects your rights"
    assert "Legal aid hotline" in desktop_page.locator("header").inner_text()
    screenshot(desktop_page, "-1280")


def test_elder_friendly_toggle_works_without_javascript(demo_site, no_js_page, screenshot):
    no_js_page.goto(demo_site + "/")
    standard = _root_font_size(no_js_page)
    no_js_page.get_by_role("button", name="适老化模式：已关闭").click()
    no_js_page.wait_for_load_state()
    elder = _root_font_size(no_js_page)
    assert elder >= standard * 1.25
    assert no_js_page.get_by_role("button", name="适老化模式：已开启").is_visible()
    # The choice persists on the next page in the same browser.
    no_js_page.goto(demo_site + "/accounts/login/")
    assert _root_font_size(no_js_page) == elder
    screenshot(no_js_page, "-elder")


def test_signup_verify_and_login(demo_site, desktop_page, mailoutbox, screenshot):
    page = desktop_page
    page.goto(demo_site + "/accounts/signup/")
    page.get_by_label("电子邮件").fill("zhang.wei@example.org")
    page.locator("#id_password1").fill("a-long-passphrase-12348")
    page.locator("#id_password2").fill("a-long-passphrase-12348")
    screenshot(page, "-signup")
    page.get_by_role("button", name="注册").click()
    page.wait_for_url("**/accounts/confirm-email/")
    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[0].body)
    page.goto(link.group(0))
    page.get_by_role("button", name="确认").click()
    page.wait_for_url(demo_site + "/")
    assert page.get_by_role("link", name="退出登录").is_visible()

    page.get_by_role("link", name="退出登录").click()
    page.locator("main").get_by_role("button", name="登出").click()
    page.wait_for_url(demo_site + "/")
    page.goto(demo_site + "/accounts/login/")
    page.get_by_label("电子邮件").fill("zhang.wei@example.org")
    page.get_by_label("密码").fill("a-long-passphrase-12348")
    screenshot(page, "-login")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(demo_site + "/")
    assert page.get_by_role("link", name="退出登录").is_visible()


@pytest.mark.parametrize(
    "path",
    ["/", "/en/", "/accounts/signup/", "/accounts/login/", "/en/accounts/login/"],
)
@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder"])
def test_pages_have_no_axe_violations(demo_site, phone_page, path, elder):
    if elder:
        phone_page.context.add_cookies([{"name": "elder_mode", "value": "1", "url": demo_site}])
    phone_page.goto(demo_site + path)
    results = Axe().run(phone_page)
    assert results.violations_count == 0, results.generate_report()
