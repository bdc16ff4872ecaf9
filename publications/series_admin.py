"""The "Schedule remaining briefs" admin screen: preview, confirm or cancel the releases of a brief series."""

import datetime
from dataclasses import dataclass

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.text import capfirst
from django.views import View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.utils import get_breadcrumbs_items_for_page
from wagtail.admin.widgets import Button, HeaderButton
from wagtail.models import Revision

from . import scheduling
from .models import BriefPage, PublicationPage

TITLE = "Schedule remaining briefs"
RELEASE_FORMAT = "D j M Y, g:i a T"
DEFAULT_TIME = datetime.time(9)
LATEST_START = datetime.timedelta(days=5 * 365)


def format_release(when):
    """A release instant as editors read it, e.g. "Mon 1 Dec 2026, 9:00 a.m. PST"."""
    return format_date(timezone.localtime(when, scheduling.site_time_zone()), RELEASE_FORMAT)


def is_series(page):
    return page.specific_class is PublicationPage and BriefPage.objects.child_of(page).exists()


def describe_errors(page, error):
    """A model ValidationError as one line, naming each field, e.g. "Summary: This field cannot be blank."."""
    lines = []
    for name, field_messages in error.message_dict.items():
        label = "" if name == NON_FIELD_ERRORS else f"{capfirst(page._meta.get_field(name).verbose_name)}: "
        lines.append(label + " ".join(field_messages))
    return " ".join(lines)


def can_schedule(series, user):
    return series.permissions_for_user(user).can_publish()


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
        self.briefs = scheduling.briefs_to_schedule(self.series)
        if not self.briefs:
            raise ValidationError("Every brief of this series is already live: there is nothing left to schedule.")
        self.first = first
        self.interval = datetime.timedelta(days=interval)
        self.dates = scheduling.release_dates(first, len(self.briefs), self.interval)
        self.check_briefs_can_be_published()
        return cleaned_data

    def site_datetime(self, date, time):
        zone = scheduling.site_time_zone()
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
                    f"“{page.title}” expires {format_release(page.expire_at)}, before its release. "
                    "Change its expiry date under Settings first.",
                )

    @property
    def brief_ids(self):
        return ",".join(str(brief.pk) for brief in self.briefs)


@dataclass(frozen=True)
class SeriesPart:
    number: int
    brief: BriefPage
    status: str
    current_date: str
    new_date: str = ""
    scheduled: bool = False

    @property
    def status_class(self):
        return "w-status--primary" if self.brief.live else ""


class SeriesMixin:
    """The URL's series: 404 unless it is a publication with briefs; PermissionDenied unless one may publish it."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.series = get_object_or_404(PublicationPage.objects.exact_type(PublicationPage), pk=kwargs["page_id"])
        if not BriefPage.objects.child_of(self.series).exists():
            raise Http404("This publication has no briefs.")

    def dispatch(self, request, *args, **kwargs):
        if not can_schedule(self.series, request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def schedule_url(self):
        return reverse("publication_series:schedule", args=[self.series.pk])


class ScheduleSeriesView(SeriesMixin, WagtailAdminTemplateMixin, View):
    template_name = "publications/admin/schedule_series.html"
    page_title = TITLE
    header_icon = "calendar-alt"

    def get_page_subtitle(self):
        return self.series.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [
            *get_breadcrumbs_items_for_page(self.series, self.request.user),
            {"url": "", "label": TITLE},
        ]

    def get_header_buttons(self):
        edit_url = reverse("wagtailadmin_pages:edit", args=[self.series.pk])
        return [HeaderButton("Edit series", edit_url, icon_name="edit")]

    def get(self, request, page_id):
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        return self.render(ScheduleSeriesForm(series=self.series, initial={"first_date": tomorrow}))

    def post(self, request, page_id):
        form = ScheduleSeriesForm(request.POST, series=self.series)
        if not form.is_valid():
            return self.render(form)
        if "confirm" not in request.POST:
            return self.render(form, preview=True)
        if request.POST.get("briefs") != form.brief_ids:
            messages.warning(request, "The series changed since the preview. Check the new dates, then confirm again.")
            return self.render(form, preview=True)
        briefs = scheduling.schedule_briefs(self.series, form.first, request.user, form.interval)
        count = len(briefs)
        summary = f"Scheduled {count} brief{'s' if count != 1 else ''}: first goes live {format_release(form.dates[0])}"
        if count > 1:
            summary += f", last {format_release(form.dates[-1])}"
        messages.success(request, f"{summary}.")
        return redirect(self.schedule_url)

    def render(self, form, preview=False):
        parts = self.parts(dict(zip(form.briefs, form.dates, strict=True)) if preview else {})
        context = self.get_context_data(
            form=form,
            preview=preview,
            series=self.series,
            parts=parts,
            scheduled_count=sum(part.scheduled for part in parts),
            time_zone_label=scheduling.time_zone_label(),
            action_url=self.schedule_url,
            unschedule_url=reverse("publication_series:unschedule", args=[self.series.pk]),
        )
        return self.render_to_response(context)

    def parts(self, new_dates):
        """Every brief of the series in part order, with its status, current date and any previewed release."""
        scheduled_for = Revision.page_revisions.filter(
            object_id=Cast(OuterRef("pk"), output_field=CharField()), approved_go_live_at__isnull=False
        ).values("approved_go_live_at")[:1]
        briefs = (
            BriefPage.objects.child_of(self.series).annotate(scheduled_for=Subquery(scheduled_for)).order_by("path")
        )
        parts = []
        for number, brief in enumerate(briefs, start=1):
            if brief.live:
                status = "Live + scheduled changes" if brief.scheduled_for else "Live"
                current = format_date(brief.publication_date, "D j M Y")
            elif brief.scheduled_for:
                status, current = "Scheduled", format_release(brief.scheduled_for)
            else:
                status, current = ("Expired" if brief.expired else "Draft"), ""
            new = format_release(new_dates[brief]) if brief in new_dates else ""
            parts.append(SeriesPart(number, brief, status, current, new, scheduled=bool(brief.scheduled_for)))
        return parts


class UnscheduleSeriesView(SeriesMixin, View):
    http_method_names = ["post"]

    def post(self, request, page_id):
        briefs = scheduling.unschedule_briefs(self.series, request.user)
        if briefs:
            count = len(briefs)
            messages.success(
                request,
                f"Unscheduled {count} brief{'s' if count != 1 else ''}: "
                f"{'they are drafts' if count != 1 else 'it is a draft'} until scheduled or published again.",
            )
        else:
            messages.info(request, "No brief of this series was scheduled.")
        return redirect(self.schedule_url)


def admin_urls():
    """URLs for the ``register_admin_urls`` hook."""
    series_urls = [
        path("schedule/", ScheduleSeriesView.as_view(), name="schedule"),
        path("unschedule/", UnscheduleSeriesView.as_view(), name="unschedule"),
    ]
    return [path("publications/series/<int:page_id>/", include((series_urls, "publication_series")))]


def header_buttons(page, user, view_name, next_url=None):
    """The ``register_page_header_buttons`` hook: a way in from a series' edit and listing screens."""
    if is_series(page) and can_schedule(page, user):
        url = reverse("publication_series:schedule", args=[page.pk])
        yield Button(TITLE, url, icon_name="calendar-alt", priority=40)
