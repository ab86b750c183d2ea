from django import forms

from common.text import clean_data


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Your colleague’s email address",
        max_length=254,
        error_messages={
            "required": "Enter your colleague’s email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(clean_data(data) if data is not None else None, *args, **kwargs)


class InvitationAcceptForm(forms.Form):
    role = forms.CharField(
        label="Your job title or role",
        max_length=200,
        error_messages={"required": "Enter your job title or role"},
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(clean_data(data) if data is not None else None, *args, **kwargs)
