from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Div, Field, Fluid, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from common import pagecache
from common.text import clean_data
from councils.models import Authority
from instrument.models import Theme

MESSAGE_MAX_LENGTH = 5000
AUTHORITY_OPTIONS = "contact:authority-options:v1"


def _authority_options() -> str:
    return format_html_join(
        "\n",
        '<option value="{}">{}</option>',
        Authority.objects.current().order_by("name", "pk").values_list("pk", "name"),
    )


class Select(forms.Select):
    """A select whose options (the ~475 authorities of the register) are rendered once per
    page-cache version, so a register change shows at once and a page view builds no options.

    Named Select because crispy-forms-gds picks the GOV.UK classes by the widget's class name.
    Validation is the field's as usual (ModelChoiceField looks the choice up in its queryset).
    """

    def __init__(self, *, empty_label: str, attrs=None):
        super().__init__(attrs)
        self.empty_label = empty_label

    def render(self, name, value, attrs=None, renderer=None):
        options = pagecache.stored_value(AUTHORITY_OPTIONS, _authority_options)
        chosen = next((v for v in self.format_value(value) if v), "")
        if chosen:
            option = f'<option value="{escape(chosen)}">'
            options = options.replace(option, option[:-1] + " selected>", 1)
        empty = format_html(
            '<option value=""{}>{}</option>', "" if chosen else " selected", self.empty_label
        )
        return format_html(
            '<select name="{}"{}>\n{}\n{}\n</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            empty,
            mark_safe(options),  # noqa: S308 -- built by format_html_join above
        )


BIGGEST_ID = 2**63 - 1


class ThemesField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        # A number too big for the database would reach it as a query (SQLite refuses it with
        # an error): anything that is not a possible id is simply not one of the choices.
        for pk in value:
            if not str(pk).isdecimal() or int(pk) > BIGGEST_ID:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


class ContactForm(forms.Form):
    name = forms.CharField(
        label="Your name",
        max_length=200,
        error_messages={
            "required": "Enter your name",
            "max_length": "Your name must be 200 characters or fewer",
        },
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        # A TextInput typed as email, so crispy-forms-gds gives it the error style.
        widget=forms.TextInput(attrs={"input_type": "email"}),
        help_text="We will only use this to reply to you about the research.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    organisation = forms.CharField(
        label="Organisation (optional)",
        max_length=200,
        required=False,
        help_text="For example, the council, charity or university you work for.",
        error_messages={"max_length": "Organisation must be 200 characters or fewer"},
    )
    authority = forms.ModelChoiceField(
        label="If you work for a council or strategic authority, which one? (optional)",
        queryset=Authority.objects.current().only("pk", "name"),
        required=False,
        empty_label="Not a council or strategic authority",
        widget=Select(empty_label="Not a council or strategic authority"),
        error_messages={"invalid_choice": "Select an authority from the list"},
    )
    role = forms.CharField(
        label="Your role (optional)",
        max_length=200,
        required=False,
        help_text="For example, Director of Policy or Councillor.",
        error_messages={"max_length": "Your role must be 200 characters or fewer"},
    )
    themes = ThemesField(
        label="Which themes interest you? (optional)",
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"invalid_choice": "Select themes from the list"},
    )
    message = forms.CharField(
        label="Your message",
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea,
        help_text="Tell us about your work on missions, or what you would like to discuss.",
        error_messages={
            "required": "Enter your message",
            "max_length": "Your message must be 5,000 characters or fewer",
        },
    )
    consent = forms.BooleanField(
        label="I agree that New Local and Inner Circle Consulting can contact me about this research",
        error_messages={
            "required": "Confirm that we can contact you about the research",
        },
    )
    # Honeypot: hidden from people (and assistive technology); bots fill it in.
    website = forms.CharField(label="Leave this field empty", required=False)

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = clean_data(data)
        super().__init__(data, *args, **kwargs)
        # No hard limit in the browser: without JavaScript it would silently cut pasted text;
        # the character count and the server say when it is too long instead.
        self.fields["message"].widget.attrs.pop("maxlength", None)
        self.helper = FormHelper()
        self.helper.form_id = "contact-form"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field.text(
                "name", field_width=Fluid.TWO_THIRDS, autocomplete="name", spellcheck="false"
            ),
            Field.text(
                "email",
                field_width=Fluid.TWO_THIRDS,
                autocomplete="email",
                spellcheck="false",
            ),
            Field.text("organisation", field_width=Fluid.TWO_THIRDS, autocomplete="organization"),
            # 475 options: static/js/authority-autocomplete.js makes it a type-to-find box.
            Field.select("authority", data_authority_autocomplete="true"),
            Field.text("role", field_width=Fluid.TWO_THIRDS, autocomplete="organization-title"),
            Field.checkboxes("themes", legend_size=Size.SMALL, small=True),
            Field.textarea("message", rows=8, max_characters=MESSAGE_MAX_LENGTH),
            Field.checkbox("consent"),
            Div(
                Field.text("website", tabindex="-1", autocomplete="off"),
                css_class="app-honeypot",
                aria_hidden="true",
            ),
            Button.primary("send", "Send message", data_prevent_double_click="true"),
        )

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))
