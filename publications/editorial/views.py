"""The "Schedule remaining briefs" admin screen: preview, confirm or cancel the releases of a brief series."""

import datetime
from dataclasses import dataclass

from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.views import View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.utils import get_breadcrumbs_items_for_page
from wagtail.admin.widgets import Button, HeaderButton
from wagtail.models import Revision

from publications.pages.models import BriefPage, PublicationPage, is_series
from publications.timezones import local_datetime, time_zone_label

from . import series as series_rules
from .actions import ScheduleSeriesAction, SeriesPermissionError, UnscheduleSeriesAction, can_schedule
from .forms import ScheduleSeriesForm

TITLE = "Schedule remaining briefs"


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
        self.series = get_object_or_404(PublicationPage, pk=kwargs["page_id"])
        if not is_series(self.series):
            raise Http404("This publication is not a series.")

    def dispatch(self, request, *args, **kwargs):
        if not can_schedule(self.series, request.user):
            raise SeriesPermissionError
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
        action = ScheduleSeriesAction(self.series, user=request.user, first=form.first, interval=form.interval)
        briefs = action.execute()
        count = len(briefs)
        first, last = (local_datetime(when, with_zone=True) for when in (form.dates[0], form.dates[-1]))
        summary = f"Scheduled {count} brief{'s' if count != 1 else ''}: first goes live {first}"
        if count > 1:
            summary += f", last {last}"
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
            time_zone_label=time_zone_label(),
            action_url=self.schedule_url,
            unschedule_url=reverse("publication_series:unschedule", args=[self.series.pk]),
        )
        return self.render_to_response(context)

    def parts(self, new_dates):
        """Every brief of the series in part order, with its status, current date and any previewed release."""
        scheduled_for = Revision.page_revisions.filter(
            object_id=Cast(OuterRef("pk"), output_field=CharField()), approved_go_live_at__isnull=False
        ).values("approved_go_live_at")[:1]
        briefs = series_rules.briefs(self.series).annotate(scheduled_for=Subquery(scheduled_for))
        parts = []
        for number, brief in enumerate(briefs, start=1):
            if brief.live:
                status = "Live + scheduled changes" if brief.scheduled_for else "Live"
                current = format_date(brief.publication_date, "D j M Y")
            elif brief.scheduled_for:
                status, current = "Scheduled", local_datetime(brief.scheduled_for, with_zone=True)
            else:
                status, current = ("Expired" if brief.expired else "Draft"), ""
            new = local_datetime(new_dates[brief], with_zone=True) if brief in new_dates else ""
            parts.append(SeriesPart(number, brief, status, current, new, scheduled=bool(brief.scheduled_for)))
        return parts


class UnscheduleSeriesView(SeriesMixin, View):
    http_method_names = ["post"]

    def post(self, request, page_id):
        briefs = UnscheduleSeriesAction(self.series, user=request.user).execute()
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


def series_header_button(page, user, view_name, next_url=None):
    """The ``register_page_header_buttons`` hook: a way in from a series' edit and listing screens."""
    if is_series(page) and can_schedule(page, user):
        url = reverse("publication_series:schedule", args=[page.pk])
        yield Button(TITLE, url, icon_name="calendar-alt", priority=40)
