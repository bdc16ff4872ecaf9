"""The PDF accessibility checklist in the admin: on a document's edit form, and as a column of the document chooser."""

from django import template
from wagtail.admin.ui.tables import Column, Table

from publications.documents import accessibility

register = template.Library()


@register.inclusion_tag("publications/admin/pdf_accessibility.html")
def pdf_accessibility_checklist(document):
    return {
        "items": accessibility.checklist(document),
        "passes": document.pdf_accessible,
        "not_checked": accessibility.NOT_CHECKED,
    }


@register.simple_tag
def with_accessibility_column(table):
    """The document chooser's ``table`` with the accessibility column after the title: Wagtail's chooser has no
    setting for its columns, and its rows are the documents already fetched."""
    columns = list(table.columns.values())
    columns.insert(1, Column("pdf_accessibility", label="PDF accessibility", accessor=accessibility.verdict))
    return Table(columns, table.data)
