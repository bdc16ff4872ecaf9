"""Settings → Import archive: upload a manifest and a zip, read the dry run's report, confirm; then the report."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from publications.editorial.roles import can_edit_pages

from . import runs
from .forms import ImportForm
from .manifest import COLUMNS, ManifestError
from .models import ImportRun
from .sources import SourceError

TITLE = "Import archive"
RECENT = 20


class ImportPermissionMixin:
    """Those who write pages import them; what the rows may do is the importer's check (editors publish)."""

    def dispatch(self, request, *args, **kwargs):
        if not can_edit_pages(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ImportView(ImportPermissionMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "publications/admin/import_form.html"
    form_class = ImportForm
    page_title = TITLE
    header_icon = "upload"
    _show_breadcrumbs = True

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": TITLE}]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            runs=ImportRun.objects.select_related("user")[:RECENT], columns=COLUMNS, **kwargs
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            run = runs.check_upload(
                self.request.user,
                data["manifest"],
                data["files"],
                publish=data.get("publish", False),
                create_topics=data["create_topics"],
            )
        except ManifestError as error:
            form.add_error("manifest", str(error))
            return self.form_invalid(form)
        except SourceError as error:
            form.add_error("files", str(error))
            return self.form_invalid(form)
        return redirect("publications_import_run", run.pk)


class ImportRunView(ImportPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "publications/admin/import_run.html"
    page_title = TITLE
    header_icon = "upload"
    _show_breadcrumbs = True

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.run = get_object_or_404(ImportRun.objects.select_related("user"), pk=kwargs["run_id"])

    def get_page_subtitle(self):
        return self.run.manifest_name

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("publications_import"), "label": TITLE},
            {"url": "", "label": self.run.manifest_name},
        ]

    def get_context_data(self, **kwargs):
        run = self.run
        return super().get_context_data(
            run=run,
            may_confirm=run.status == ImportRun.CHECKED and run.user_id == self.request.user.pk and runs.has_work(run),
            in_progress=run.status in (ImportRun.QUEUED, ImportRun.RUNNING),
            **kwargs,
        )


class ConfirmImportView(ImportPermissionMixin, View):
    http_method_names = ["post"]

    def post(self, request, run_id):
        run = get_object_or_404(ImportRun, pk=run_id)
        if not runs.has_work(run):
            messages.error(request, "This import has nothing to create or update.")
        elif runs.confirm(run, request.user):
            messages.success(request, "Import confirmed: it runs in the background. This page shows its report.")
        else:
            messages.error(request, "This import was already confirmed.")
        return redirect("publications_import_run", run.pk)


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_edit_pages(request.user)
