"""Editorial admin forms: the document and image forms (one transaction per upload, plain messages, and
replacing a file readers see takes an editor), and the "Schedule remaining briefs" form."""

import datetime

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from PIL import Image
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from publications.documents import pdf
from publications.documents.release import pages_showing
from publications.documents.uploads import delete_when_committed, upload_transaction
from publications.timezones import local_datetime, site_time_zone

from . import series as series_rules
from .permissions import decides_what_readers_see, describe_pages

DEFAULT_TIME = datetime.time(9)
LATEST_START = datetime.timedelta(days=5 * 365)


class ReviewedFileForm:
    """Refuses a new file for a document or image that live or scheduled pages use, unless an editor gives it:
    readers would see the new file with no review."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.user = user

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and "file" in self.changed_data and not decides_what_readers_see(self.user):
            pages = pages_showing(self.instance)
            if pages:
                kind = self.instance._meta.verbose_name
                self.add_error(
                    "file",
                    f"Readers see this {kind} on {describe_pages(pages)}, so only an editor can replace its file. "
                    f"Upload the new file as a new {kind} and choose it in a draft of the page instead: "
                    "the change then goes to an editor for review.",
                )
        return cleaned_data


class UploadForm:
    """Saves a document or image in one transaction, and deletes a replaced file only once that commits: Wagtail
    deletes a document's old file before saving the new one, so a failed save would leave it with no file."""

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        replaced = self.original_file if "file" in self.changed_data else None
        # Wagtail's save deletes the original file at once; replaced_file() does it when the save commits.
        self.original_file = None
        with upload_transaction(self.instance.file):
            instance = super().save()
            if replaced:
                self.replaced_file(replaced)
        return instance

    def replaced_file(self, old_file):
        delete_when_committed(old_file)


class DocumentForm(ReviewedFileForm, UploadForm, BaseDocumentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self.fields["file"].error_messages.update(empty=pdf.EMPTY, file_too_large=pdf.TOO_BIG)


class ImageFileField(WagtailImageField):
    """Wagtail's image field with plain messages, which also refuses an image too big for Pillow to read its size
    (a 30,000 × 30,000 PNG of a few kilobytes) with a message where Wagtail fails with a server error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_messages.update(
            empty="The file is empty. Choose the image again, or export it again from its source.",
            file_too_large="The file is %(file_size)s; images can be at most %(max_filesize)s. "
            "Save it smaller (as JPEG or WebP, or with fewer pixels) and upload it again.",
            file_too_many_pixels=f"This image has too many pixels: images can be at most "
            f"{self.max_image_pixels / 1_000_000:g} megapixels. Resize it and upload it again.",
        )

    def check_image_pixel_size(self, f):
        try:
            super().check_image_pixel_size(f)
        except Image.DecompressionBombError as error:
            raise ValidationError(self.error_messages["file_too_many_pixels"], code="file_too_many_pixels") from error


class ImageForm(ReviewedFileForm, UploadForm, BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            wagtails = self.fields["file"]
            self.fields["file"] = ImageFileField(
                label=wagtails.label, required=wagtails.required, widget=wagtails.widget
            )

    def replaced_file(self, old_file):
        super().replaced_file(old_file)
        # Their files go when the transaction commits (Wagtail's post_delete handler).
        self.instance.renditions.all().delete()


def describe_errors(page, error):
    """A model ValidationError as one line, naming each field, e.g. "Summary: This field cannot be blank."."""
    lines = []
    for name, field_messages in error.message_dict.items():
        label = "" if name == NON_FIELD_ERRORS else f"{capfirst(page._meta.get_field(name).verbose_name)}: "
        lines.append(label + " ".join(field_messages))
    return " ".join(lines)


class ScheduleSeriesForm(forms.Form):
    first_date = forms.DateField(
        label="First release date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    first_time = forms.TimeField(
        label="Time",
        initial=DEFAULT_TIME,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    interval = forms.IntegerField(
        label="Days between releases",
        initial=7,
        min_value=1,
        max_value=60,
    )

    def __init__(self, *args, series, **kwargs):
        super().__init__(*args, **kwargs)
        self.series = series

    def clean(self):
        cleaned_data = super().clean()
        date, time, interval = (cleaned_data.get(name) for name in ("first_date", "first_time", "interval"))
        if date is None or time is None or interval is None:
            return cleaned_data
        today = timezone.localdate()
        if date > today + LATEST_START:
            raise ValidationError({"first_date": "The first release must be within the next five years."})
        first = self.site_datetime(date, time) if date >= today else None
        if first is None or first <= timezone.now():
            raise ValidationError({"first_date": "The first release must be in the future."})
        self.briefs = series_rules.briefs_to_schedule(self.series)
        if not self.briefs:
            raise ValidationError("Every brief of this series is already live: there is nothing left to schedule.")
        self.first = first
        self.interval = datetime.timedelta(days=interval)
        self.dates = series_rules.release_dates(first, len(self.briefs), self.interval)
        self.check_briefs_can_be_published()
        return cleaned_data

    def site_datetime(self, date, time):
        zone = site_time_zone()
        local = datetime.datetime.combine(date, time, tzinfo=zone)
        if local.astimezone(datetime.UTC).astimezone(zone).time() != time:
            raise ValidationError(
                {"first_time": "That time does not exist on that date: the clocks go forward then. Pick another time."}
            )
        return local

    def check_briefs_can_be_published(self):
        """Publishing validates each brief in full, but a draft may be saved incomplete: say which one to finish."""
        for brief, when in zip(self.briefs, self.dates, strict=True):
            page = brief.get_latest_revision_as_object()
            page.go_live_at, page.publication_date = when, when.date()
            try:
                page.full_clean()
            except ValidationError as error:
                self.add_error(None, f"“{page.title}” cannot be published yet. {describe_errors(page, error)}")
            if page.expire_at and page.expire_at <= when:
                self.add_error(
                    None,
                    f"“{page.title}” expires {local_datetime(page.expire_at, with_zone=True)}, before its release. "
                    "Change its expiry date under Settings first.",
                )

    @property
    def brief_ids(self):
        return ",".join(str(brief.pk) for brief in self.briefs)
