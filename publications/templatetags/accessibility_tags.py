"""The PDF accessibility checklist in the admin: on a document's edit form, and as a column of the documents listing
and the document chooser."""

import copy

from django import template
from wagtail.admin.ui.tables import Column

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
    """``table`` of documents with the checklist's verdict after the title. Wagtail's documents listing and chooser
    have no setting for their columns; the rows are the documents they have already fetched."""
    columns = list(table.columns.values())
    after_title = list(table.columns).index("title") + 1
    columns.insert(after_title, Column("pdf_accessibility", label="PDF accessibility", accessor=accessibility.verdict))
    wider = copy.copy(table)
    wider.columns = {column.name: column for column in columns}
    return wider
