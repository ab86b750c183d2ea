from playwright.sync_api import expect

from contact.models import ContactMessage
from outbox.models import OutboxEmail
from tests.factories import AuthorityFactory


def test_contact_form_error_then_success(page, assert_no_axe_violations):
    AuthorityFactory(name="Camden")
    page.goto("/contact/")
    page.get_by_label("Your name").fill("Ada Lovelace")
    # 475 options: an autocomplete over the select (static/js/authority-autocomplete.js).
    page.get_by_label("If you work for a council").fill("Camd")
    page.get_by_role("option", name="Camden").click()
    page.get_by_label("Your message").fill("We are setting missions for our borough.")
    page.get_by_label("I agree that New Local").check()
    page.get_by_role("button", name="Send message").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page).to_have_title(r"Error: Join the conversation – Mission-led local government")
    expect(page.get_by_label("Your name")).to_have_value("Ada Lovelace")
    expect(page.get_by_label("Your message")).to_have_value(
        "We are setting missions for our borough."
    )
    assert_no_axe_violations(page)

    summary.get_by_role("link", name="Enter your email address").click()
    expect(page.get_by_label("Email address")).to_be_focused()
    page.get_by_label("Email address").fill("ada@example.org")
    page.get_by_role("button", name="Send message").click()

    expect(page.locator(".govuk-panel__title")).to_have_text("Message sent")
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    assert_no_axe_violations(page)
    contact = ContactMessage.objects.get()
    assert contact.authority.name == "Camden"
    assert OutboxEmail.objects.filter(state="sent").count() == 2


def test_character_count_counts_down_as_you_type(page):
    page.goto("/contact/")
    page.get_by_label("Your message").fill("x" * 4990)

    expect(page.locator(".govuk-character-count__status")).to_have_text(
        "You have 10 characters remaining"
    )


def test_the_authority_box_suggests_from_the_register_and_can_be_cleared(
    page, assert_no_axe_violations
):
    AuthorityFactory(name="Camden")
    AuthorityFactory(name="Cambridge")
    page.goto("/contact/")
    box = page.get_by_label("If you work for a council")
    chosen = page.locator("select[name=authority]")

    box.fill("Cam")
    expect(page.get_by_role("option")).to_have_count(2)
    assert_no_axe_violations(page)
    page.get_by_role("option", name="Camden").click()
    page.get_by_label("Your name").click()
    expect(chosen).to_have_value(str(AuthorityFactory._meta.model.objects.get(name="Camden").pk))

    box.fill("")
    page.get_by_label("Your name").click()
    expect(chosen).to_have_value("")
