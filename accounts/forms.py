"""allauth's forms with GOV.UK wording and markup, and no NUL characters.

Each class is allauth's own form plus `GovukFormMixin`; settings.ACCOUNT_FORMS points allauth at
them. The mixin only changes how fields read and look, never what allauth does with them.
"""

from allauth.account import forms as allauth_forms
from allauth.account.internal.flows.email_verification import (
    consume_email_verification_rate_limit,
)
from allauth.account.models import EmailAddress
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.models import Authenticator
from allauth.mfa.totp import forms as totp_forms
from allauth.mfa.totp.internal.auth import TOTP, validate_totp_code
from allauth.mfa.utils import decrypt
from django import forms
from django.core.cache import cache

from common.text import clean_data

EMAIL_ERRORS = {
    "required": "Enter your email address",
    "invalid": "Enter an email address in the correct format, like name@example.com",
}
HINT_FOR_NEW_PASSWORDS = (
    "Use at least 8 characters. Do not use a common password, a password that is only numbers "
    "or one that is like your email address."
)
CODE_HINT = "The code is 8 letters, like BCDF-GHJK. It is in the email we sent you."


class GovukFormMixin:
    """GOV.UK labels, hints and error messages for allauth's fields; no placeholders
    (the Design System advises against them); NUL characters removed from the input."""

    # field name -> (label, hint); a hint of None keeps allauth's, "" removes it.
    field_text: dict[str, tuple[str, str | None]] = {}
    # field name -> {error code: message}
    field_errors: dict[str, dict[str, str]] = {}

    def __init__(self, *args, **kwargs):
        if kwargs.get("data") is not None:
            kwargs["data"] = clean_data(kwargs["data"])
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            widget.attrs.pop("placeholder", None)
            if isinstance(field, forms.EmailField):
                field.error_messages.update(EMAIL_ERRORS)
                widget.attrs.update({"spellcheck": "false", "autocapitalize": "none"})
            if name == "code":
                widget.attrs.update(
                    {
                        "class": "govuk-input--width-10",
                        "spellcheck": "false",
                        "autocapitalize": "characters",
                    }
                )
            if name in self.field_text:
                label, hint = self.field_text[name]
                field.label = label
                if hint is not None:
                    field.help_text = hint
            field.error_messages.update(self.field_errors.get(name, {}))

    def full_clean(self):
        super().full_clean()
        # crispy-forms-gds only marks text inputs as in error; do the same for password inputs.
        for name in self.errors:
            widget = self.fields[name].widget if name in self.fields else None
            if isinstance(widget, forms.PasswordInput):
                classes = widget.attrs.get("class", "").split()
                if "govuk-input--error" not in classes:
                    widget.attrs["class"] = " ".join([*classes, "govuk-input--error"])


CODE_SENT_RECENTLY = (
    "We sent a code to this email address a moment ago. Enter it on the page where you "
    "signed up, or wait a minute and sign in again here to get a new code"
)


class LoginForm(GovukFormMixin, allauth_forms.LoginForm):
    field_text = {
        "login": ("Email address", None),
        "password": ("Password", ""),
        "remember": ("Keep me signed in on this device", None),
    }
    field_errors = {"password": {"required": "Enter your password"}}

    def clean(self):
        # allauth raises "wrong email or password" and "too many attempts" for the whole form;
        # show them on the password field so the page has an inline error as well as the summary.
        try:
            return super().clean()
        except forms.ValidationError as error:
            if error.code == "too_many_login_attempts" and self._code_sent_recently():
                error = forms.ValidationError(CODE_SENT_RECENTLY, code="code_sent_recently")
            self.add_error("password", error)
            return self.cleaned_data

    def _code_sent_recently(self) -> bool:
        """The right password for an address still waiting for its sign-up code, sent too
        recently for allauth to send another: that is not "too many attempts". (In the browser
        that signed up, allauth takes them straight back to the page for the code.)"""
        email = self.cleaned_data.get("login") or ""
        password = self.cleaned_data.get("password") or ""
        address = (
            EmailAddress.objects.filter(email__iexact=email, verified=False)
            .select_related("user")
            .first()
        )
        if address is None or not address.user.check_password(password):
            return False
        return not consume_email_verification_rate_limit(self.request, email, dry_run=True)


NAME_MAX = 150  # User.first_name's length: the whole name is kept there.


def _name_field() -> forms.CharField:
    return forms.CharField(
        label="Your name",
        required=False,
        max_length=NAME_MAX,
        help_text="Optional. Researchers see it beside your authority’s answers.",
        error_messages={"max_length": f"Your name must be {NAME_MAX} characters or fewer"},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )


class SignupForm(GovukFormMixin, allauth_forms.SignupForm):
    name = _name_field()

    field_text = {
        "email": ("Email address", "We will send a code to this address to check it is yours."),
        "password1": ("Create a password", HINT_FOR_NEW_PASSWORDS),
        "password2": ("Confirm your password", ""),
    }
    field_errors = {
        "password1": {"required": "Enter a password"},
        "password2": {"required": "Enter the password again to confirm it"},
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Name first, as people expect on a form about themselves.
        self.order_fields(["name", "email"])

    def custom_signup(self, request, user):
        super().custom_signup(request, user)
        name = " ".join(self.cleaned_data.get("name", "").split())
        if name:
            # GOV.UK asks for one full-name field; it is kept whole in first_name.
            user.first_name, user.last_name = name, ""
            user.save(update_fields=["first_name", "last_name"])


class AccountNameForm(GovukFormMixin, forms.Form):
    """/my/account/: the name researchers see (blank to show the email address instead)."""

    name = _name_field()

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())


class RequestLoginCodeForm(GovukFormMixin, allauth_forms.RequestLoginCodeForm):
    field_text = {"email": ("Email address", "We will email you a code to sign in with.")}


CODE_TEXT = {"code": ("Code", CODE_HINT)}
CODE_ERRORS = {"code": {"required": "Enter the code from the email"}}


class ConfirmLoginCodeForm(GovukFormMixin, allauth_forms.ConfirmLoginCodeForm):
    field_text = CODE_TEXT
    field_errors = CODE_ERRORS


class ConfirmEmailVerificationCodeForm(
    GovukFormMixin, allauth_forms.ConfirmEmailVerificationCodeForm
):
    field_text = CODE_TEXT
    field_errors = CODE_ERRORS


class ConfirmPasswordResetCodeForm(GovukFormMixin, allauth_forms.ConfirmPasswordResetCodeForm):
    field_text = CODE_TEXT
    field_errors = CODE_ERRORS


class ConfirmReauthenticationCodeForm(
    GovukFormMixin, allauth_forms.ConfirmReauthenticationCodeForm
):
    field_text = CODE_TEXT
    field_errors = CODE_ERRORS


class ChangeEmailForm(GovukFormMixin, allauth_forms.ChangeEmailForm):
    field_text = {"email": ("New email address", "")}


class AddEmailForm(GovukFormMixin, allauth_forms.AddEmailForm):
    field_text = {"email": ("Email address", "")}


class ResetPasswordForm(GovukFormMixin, allauth_forms.ResetPasswordForm):
    field_text = {
        "email": ("Email address", "Use the address you signed up with."),
    }


NEW_PASSWORD_TEXT = {
    "password1": ("New password", HINT_FOR_NEW_PASSWORDS),
    "password2": ("Confirm your new password", ""),
}
NEW_PASSWORD_ERRORS = {
    "password1": {"required": "Enter a new password"},
    "password2": {"required": "Enter the new password again to confirm it"},
}


class ResetPasswordKeyForm(GovukFormMixin, allauth_forms.ResetPasswordKeyForm):
    field_text = NEW_PASSWORD_TEXT
    field_errors = NEW_PASSWORD_ERRORS


class SetPasswordForm(GovukFormMixin, allauth_forms.SetPasswordForm):
    field_text = NEW_PASSWORD_TEXT
    field_errors = NEW_PASSWORD_ERRORS


class ChangePasswordForm(GovukFormMixin, allauth_forms.ChangePasswordForm):
    field_text = {"oldpassword": ("Current password", ""), **NEW_PASSWORD_TEXT}
    field_errors = {
        "oldpassword": {"required": "Enter your current password"},
        **NEW_PASSWORD_ERRORS,
    }


class ReauthenticateForm(GovukFormMixin, allauth_forms.ReauthenticateForm):
    field_text = {"password": ("Password", "")}
    field_errors = {"password": {"required": "Enter your password"}}


# allauth.mfa's forms (settings.MFA_FORMS). Authenticator codes are 6 digits and recovery codes
# 8 digits, so a numeric keypad suits both.
TOTP_HINT = "The code is 6 digits, like 123456. Your app shows a new one every 30 seconds."
WRONG_CODE_TRY_AGAIN = "Wait a few minutes, then try again with a new code from your app"
TOO_MANY_TRIES = f"You have entered a wrong code too many times. {WRONG_CODE_TRY_AGAIN}"


class SecondFactorCodeMixin(GovukFormMixin):
    """The code box for an authenticator app: numeric keypad, one-time-code autofill, spaces
    ignored, and allauth's "Incorrect code." replaced with what to do next."""

    field_text = {"code": ("Code", TOTP_HINT)}
    field_errors = {"code": {"required": "Enter the 6-digit code from your authenticator app"}}
    # allauth's error code -> our message
    code_errors = {
        "incorrect_code": (
            "The code is not correct. Enter the 6-digit code your authenticator app shows now"
        ),
        "too_many_login_attempts": TOO_MANY_TRIES,
        "rate_limited": TOO_MANY_TRIES,
        "code_already_used": (
            "This code has already been used. Wait for your authenticator app to show a new "
            "code, then enter that"
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        attrs = self.fields["code"].widget.attrs
        attrs.pop("autocapitalize", None)
        attrs.update(
            {
                "class": "govuk-input--width-10",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "spellcheck": "false",
            }
        )

    def clean_code(self):
        # Apps often show the code as "123 456"; accept it as typed.
        self.cleaned_data["code"] = "".join(self.cleaned_data["code"].split())
        try:
            return super().clean_code()
        except forms.ValidationError as error:
            code = error.code
            if code == "incorrect_code" and self._already_used(self.cleaned_data["code"]):
                code = "code_already_used"
            message = self.code_errors.get(code)
            if message is None:
                raise
            raise forms.ValidationError(message, code=code) from error

    def _already_used(self, code: str) -> bool:
        """A right code from the app that was used a moment ago (allauth accepts each code once)."""
        user = getattr(self, "user", None)
        authenticator = (
            Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
            if user is not None and user.pk
            else None
        )
        if authenticator is None:
            return False
        totp = TOTP(authenticator)
        secret = decrypt(authenticator.data["secret"])
        return validate_totp_code(secret, code) and bool(cache.get(totp._get_used_cache_key(code)))


class MfaAuthenticateForm(SecondFactorCodeMixin, mfa_forms.AuthenticateForm):
    code_errors = {
        **SecondFactorCodeMixin.code_errors,
        "incorrect_code": (
            "The code is not correct. Enter the 6-digit code your authenticator app shows now, "
            "or one of your recovery codes"
        ),
    }


class MfaReauthenticateForm(SecondFactorCodeMixin, mfa_forms.ReauthenticateForm):
    code_errors = MfaAuthenticateForm.code_errors


class ActivateTOTPForm(SecondFactorCodeMixin, totp_forms.ActivateTOTPForm):
    code_errors = {
        **SecondFactorCodeMixin.code_errors,
        "unverified_email": (
            "Confirm your email address before you set up an authenticator app. "
            "Use the code we emailed you"
        ),
    }
