"""Read-only editor panels."""

from wagtail.admin.panels import Panel


class DownloadCountPanel(Panel):
    """How often readers have downloaded the page's PDF."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "publications/admin/download_count_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["pdf"] = self.instance.pdf if self.instance.pdf_id else None
            return context
