from missions_project.celery import app as celery_app
from tests.factories import AuthorityFactory

def test_shot(page):
    celery_app.conf.task_always_eager = True
    AuthorityFactory(name="Camden")
    page.set_viewport_size({"width": 1100, "height": 900})
    page.goto("/contact/")
    page.get_by_label("Your name").fill("Ada")
    page.get_by_label("Your message").fill("x" * 5010)
    page.get_by_role("button", name="Send message").click()
    page.screenshot(path="/tmp/contact_error.png", full_page=True)
    page.get_by_label("Email address").fill("ada@example.org")
    page.get_by_label("Your message").fill("hello")
    page.get_by_label("I agree that New Local").check()
    page.get_by_role("button", name="Send message").click()
    page.screenshot(path="/tmp/contact_thanks.png", full_page=True)
