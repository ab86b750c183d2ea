"""The declaration an officer makes when submitting their authority's answers."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms

from common.text import clean_data

from .base import ErrorLinksMixin


class DeclarationForm(ErrorLinksMixin, forms.Form):
    declaration = forms.BooleanField(
        label=(
            "I confirm that the information is accurate and that I am authorised to submit it "
            "for my authority"
        ),
        error_messages={
            "required": (
                "Confirm that the information is accurate and that you are authorised to submit it"
            )
        },
    )

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(clean_data(data), *args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field.checkbox("declaration"),
            Button.primary("submit", "Submit", data_prevent_double_click="true"),
        )
