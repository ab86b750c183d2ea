"""Adding evidence: a link, or a PDF checked by what it contains and by its size."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from common.text import clean_data

from .base import ErrorLinksMixin

MAX_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


class EvidenceForm(ErrorLinksMixin, forms.Form):
    title = forms.CharField(
        label="What is it?",
        max_length=200,
        help_text="For example, ‘Our net zero strategy, 2025’ or ‘Evaluation of the food mission’.",
        error_messages={"required": "Enter what the evidence is"},
    )
    url = forms.URLField(
        label="Link",
        required=False,
        max_length=500,
        help_text="A web address, starting https://",
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address, like https://example.gov.uk/strategy"},
    )
    file = forms.FileField(
        label="Or upload a PDF",
        required=False,
        help_text="A PDF of up to 10 MB. Only your authority’s officers and the research team can open it.",
    )

    def __init__(self, data=None, files=None, **kwargs):
        super().__init__(clean_data(data), files, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": "", "enctype": "multipart/form-data"}
        self.helper.layout = Layout(
            Field.text("title", label_size=Size.SMALL),
            Field.text("url", label_size=Size.SMALL),
            Field("file"),
            Button.primary("add", "Add evidence", data_prevent_double_click="true"),
        )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The PDF must be 10 MB or smaller")
        upload.seek(0)
        start = upload.read(len(PDF_MAGIC))
        upload.seek(0)
        if start != PDF_MAGIC:
            raise forms.ValidationError("The file must be a PDF")
        return upload

    def clean(self):
        cleaned = super().clean()
        has_url, has_file = bool(cleaned.get("url")), bool(cleaned.get("file"))
        if "url" in cleaned and "file" in cleaned and has_url == has_file:
            message = (
                "Give a link or a PDF, not both" if has_url else "Enter a link or upload a PDF"
            )
            self.add_error("url", message)
        return cleaned
