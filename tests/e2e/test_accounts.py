from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from tests.accounts.conftest import code_in
from tests.factories import PASSWORD


def test_sign_up_with_errors_then_verify_by_emailed_code(page, assert_no_axe_violations):
    page.goto("/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Sign in").click()
    expect(page).to_have_title("Sign in – Mission-led local government")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="create an account").click()

    page.get_by_role("button", name="Create account").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page).to_have_title("Error: Create an account – Mission-led local government")
    assert_no_axe_violations(page)
    summary.get_by_role("link", name="Enter your email address").click()
    expect(page.get_by_label("Email address")).to_be_focused()

    page.get_by_label("Email address").fill("e2e.person@example.org")
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Confirm your password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_no_axe_violations(page)
    page.get_by_label("Code").fill("BBBB-BBBB")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert_no_axe_violations(page)

    [email] = [m for m in mail.outbox if "e2e.person@example.org" in m.to]
    code = code_in(email.body)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    expect(
        page.locator(".govuk-body", has_text="You are signed in as e2e.person@example.org.")
    ).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Menu").get_by_role("link", name="Sign out")
    ).to_be_visible()
    assert (
        get_user_model().objects.get(email="e2e.person@example.org").emailaddress_set.get().verified
    )


def test_sign_in_page_with_a_wrong_password(page, assert_no_axe_violations):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill("nobody@example.org")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in", exact=True).click()

    expect(page).to_have_title("Error: Sign in – Mission-led local government")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The email address or password is not correct"
    )
    expect(page.get_by_label("Email address")).to_have_value("nobody@example.org")
    assert_no_axe_violations(page)


def test_signed_in_account_pages(page, assert_no_axe_violations):
    from allauth.account.models import EmailAddress

    from tests.factories import UserFactory

    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_text(f"You are signed in as {user.email}.").first).to_be_visible()

    for path, heading in [
        ("/accounts/email/", "Your email addresses"),
        ("/accounts/password/change/", "Change your password"),
        ("/accounts/logout/", "Sign out"),
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_no_axe_violations(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Menu").get_by_role("link", name="Sign in")
    ).to_be_visible()
