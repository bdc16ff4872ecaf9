"""Admin form data helpers that Wagtail's own `form_data` module lacks."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield


def list_block(values):
    """Form data for a ListBlock holding ``values``, for use inside `nested_form_data`."""
    data = {str(i): {"value": value, "deleted": "", "order": str(i), "id": ""} for i, value in enumerate(values)}
    data["count"] = str(len(values))
    return data


def publication_form(page=None, related=(), **fields):
    """POST data for the publication edit or create form, with ``fields`` overriding the page's values."""
    data = {
        "title": page.title if page else "A new publication",
        "slug": page.slug if page else "a-new-publication",
        "publication_date": str(page.publication_date) if page else "2021-03-01",
        "summary": page.summary if page else "What the publication is about.",
        "body": streamfield([]),
        "authors": inline_formset([]),
        "related_links": inline_formset([{"publication": p.pk} for p in related]),
    }
    data.update(fields)
    return nested_form_data(data)
