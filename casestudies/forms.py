"""Forms for case studies: the researchers' admin form (image checks, alternative text, place)
and the officers' sign-off form."""

import uuid

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from common.text import clean_data

from .models import CaseStudy

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
# Checked from the file's content (Pillow), not its name: a renamed text file or an SVG fails.
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
IMAGE_TYPES_TEXT = "a JPG, PNG or WebP image"


class CaseStudyImageField(forms.ImageField):
    """An image field that refuses big files before Pillow reads them."""

    default_error_messages = {
        "invalid_image": f"The selected file must be {IMAGE_TYPES_TEXT}",
        "empty": "The selected file is empty",
    }

    def to_python(self, data):
        if data and getattr(data, "size", 0) > MAX_IMAGE_BYTES:
            raise forms.ValidationError(
                f"The selected file is {filesizeformat(data.size)}. It must be smaller than "
                f"{filesizeformat(MAX_IMAGE_BYTES)}",
                code="file_size",
            )
        return super().to_python(data)


class CaseStudyAdminForm(forms.ModelForm):
    image = CaseStudyImageField(
        required=False,
        help_text=f"A JPG, PNG or WebP image, smaller than {filesizeformat(MAX_IMAGE_BYTES)}. "
        "Describe it in the alternative text.",
    )

    class Meta:
        model = CaseStudy
        # The states, sign-off and anonymisation change only through casestudies.services.
        fields = [
            "title",
            "slug",
            "summary",
            "body",
            "authority",
            "place_name",
            "country",
            "is_demo",
            "themes",
            "missions",
            "national_missions",
            "approaches",
            "partner_types",
            "what_worked",
            "what_didnt",
            "image",
            "image_alt",
            "source_submission",
        ]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "national_missions": forms.CheckboxSelectMultiple,
            "approaches": forms.CheckboxSelectMultiple,
            "partner_types": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "image_alt": "Required with an image: what the image shows, for people who cannot "
            "see it",
            "authority": "UK case studies. Leave empty for an international example and give "
            "the place and country instead.",
        }

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if not isinstance(image, UploadedFile):
            return image  # Unchanged, cleared or none.
        picture = getattr(image, "image", None)
        kind = IMAGE_FORMATS.get(getattr(picture, "format", None))
        if kind is None:
            raise forms.ValidationError(
                f"The selected file must be {IMAGE_TYPES_TEXT}", code="invalid_image"
            )
        width, height = picture.size
        if width * height > MAX_IMAGE_PIXELS:
            raise forms.ValidationError(
                f"The image is {width} × {height} pixels, which is too big. Make it smaller "
                "(for example 2,000 pixels wide) and upload it again",
                code="image_pixels",
            )
        # A random name with the extension of what the file really is: the uploaded name may
        # name the authority (which an anonymised case study must not) or lie about its type.
        image.name = f"{uuid.uuid4().hex}.{kind}"
        return image

    def clean(self):
        cleaned = super().clean()
        image = cleaned.get("image")
        alt = (cleaned.get("image_alt") or "").strip()
        if image and not alt and "image_alt" not in self.errors:
            self.add_error(
                "image_alt", "Enter alternative text for the image, describing what it shows"
            )
        authority = cleaned.get("authority")
        place_name = (cleaned.get("place_name") or "").strip()
        country = (cleaned.get("country") or "").strip()
        if authority is None and "authority" not in self.errors:
            if not place_name:
                self.add_error(
                    "place_name",
                    "Enter the place, or choose a UK authority if this is a UK case study",
                )
            if not country:
                self.add_error("country", "Enter the country of this international example")
        if authority is not None and (place_name or country):
            self.add_error(
                "place_name" if place_name else "country",
                "Leave the place and country empty for a UK case study: the authority says "
                "where it is",
            )
        missions = cleaned.get("missions")
        if missions and authority is None and "authority" not in self.errors:
            self.add_error("missions", "Leave the missions empty for an international example")
        elif missions and authority is not None:
            others = [m.title for m in missions if m.authority_id != authority.pk]
            if others:
                self.add_error(
                    "missions",
                    f"Choose only missions of {authority.name}: {', '.join(others)} "
                    f"belong{'s' if len(others) == 1 else ''} to another authority",
                )
        return cleaned


class SignoffForm(forms.Form):
    APPROVE = "approve"
    CHANGES = "changes"

    decision = forms.ChoiceField(
        label="Do you approve this case study for publication?",
        choices=[(APPROVE, "Approve for publication"), (CHANGES, "Ask for changes")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether you approve the case study or want changes",
            "invalid_choice": "Select whether you approve the case study or want changes",
        },
    )
    comment = forms.CharField(
        label="Your comments",
        required=False,
        max_length=5000,
        widget=forms.Textarea,
        error_messages={"max_length": "Your comments must be 5,000 characters or fewer"},
    )

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(clean_data(data), *args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        cleaned["comment"] = (cleaned.get("comment") or "").strip()
        asking_for_changes = cleaned.get("decision") == self.CHANGES
        if asking_for_changes and not cleaned["comment"] and "comment" not in self.errors:
            self.add_error("comment", "Enter what needs to change")
        return cleaned

    @property
    def approved(self) -> bool:
        return self.cleaned_data["decision"] == self.APPROVE
