"""Forms for case studies: the researchers' admin form (image checks, alternative text, place)
and the officers' sign-off form."""

import copy
import io
import uuid

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.forms.models import construct_instance
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps

from common.text import clean_data

from .consent import PublicationRefused, publication_check
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
        # The states, sign-off and anonymisation change only through casestudies.services; the
        # slug follows the title (casestudies.addresses).
        fields = [
            "title",
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
            "publication_basis",
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What this form does not edit (the state, sign-off, anonymity; the basis for someone
        # who may not choose it) is kept as saved, even when the instance is an old version
        # being reverted to: those change only through casestudies.services.
        saved = CaseStudy.objects.filter(pk=self.instance.pk).first() if self.instance.pk else None
        if saved is not None:
            for field in CaseStudy._meta.concrete_fields:
                if field.name not in self.fields and not field.primary_key:
                    setattr(self.instance, field.attname, getattr(saved, field.attname))

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
        return without_metadata(picture, image, kind)

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
        self._check_published(cleaned)
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

    def _check_published(self, cleaned) -> None:
        """An edit of a published case study must pass the same check as publishing."""
        if self.instance.state != CaseStudy.State.PUBLISHED or self.errors:
            return
        edited = construct_instance(self, copy.copy(self.instance))
        try:
            anonymised = publication_check(edited, missions=cleaned.get("missions"))
        except PublicationRefused as refused:
            self.add_error(None, f"This change cannot be saved while it is published. {refused}")
        else:
            self.instance.is_anonymised = anonymised


def without_metadata(picture, upload: UploadedFile, kind: str) -> SimpleUploadedFile:
    """The image re-encoded from its pixels alone: no EXIF (camera, GPS, author), XMP, IPTC or
    comments, turned upright first as its EXIF said. Its name is random, with the extension of
    what it really is: the uploaded name may name the authority or lie about its type."""
    upload.seek(0)
    with Image.open(upload) as original:
        upright = ImageOps.exif_transpose(original)
        pixels = Image.frombytes(upright.mode, upright.size, upright.tobytes())
        if "transparency" in upright.info and upright.mode in ("P", "L", "RGB"):
            pixels.info["transparency"] = upright.info["transparency"]
        if upright.mode == "P":
            pixels.putpalette(upright.getpalette())
    out = io.BytesIO()
    pixels.save(out, format=picture.format, **({"quality": 90} if kind == "jpg" else {}))
    cleaned = SimpleUploadedFile(
        f"{uuid.uuid4().hex}.{kind}", out.getvalue(), content_type=f"image/{picture.format.lower()}"
    )
    cleaned.image = pixels
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
