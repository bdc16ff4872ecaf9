"""Admin form data helpers that Wagtail's own `form_data` module lacks."""


def list_block(values):
    """Form data for a ListBlock holding ``values``, for use inside `nested_form_data`."""
    data = {str(i): {"value": value, "deleted": "", "order": str(i), "id": ""} for i, value in enumerate(values)}
    data["count"] = str(len(values))
    return data
