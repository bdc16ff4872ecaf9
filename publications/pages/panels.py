"""Read-only editor panels."""

from wagtail.admin.panels import Panel


class DownloadCountPanel(Panel):
    """The saved PDF and how often readers have downloaded it.

    It names the PDF saved with the page, not the one chosen in the form: a count only means something
    for a saved PDF, and the panel stays true while the editor chooses another without saving.
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "publications/admin/download_count_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["pdf"] = self.instance.pdf if self.instance.pdf_id else None
            return context
