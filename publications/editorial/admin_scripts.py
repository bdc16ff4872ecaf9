"""Wagtail's admin starts its widgets with inline scripts: choosers, date pickers, inline panels, search
promotions. The admin's Content-Security-Policy allows no inline script, so each start is written as data instead,
``<admin-init data-initialiser="NAME" data-arguments="[…]">``, an element that static/js/admin-init.js defines: the
moment one enters the page, as the parser reads it or as a script adds it (an inline panel's new form, a modal), it
passes the arguments to NAME, one of a fixed list of Wagtail's initialisers. So widgets start when and in the order
Wagtail's scripts would have; a script injected into an admin page stays blocked, and data naming anything else is
refused.

The templates that write these starts override Wagtail's (templates/wagtailadmin/widgets/, panels/,
templates/wagtailsearchpromotions/); choosers write theirs in Python, so ``write_chooser_starts_as_data``
replaces that one method.
"""

import json

from django.utils.html import format_html
from wagtail.admin.widgets import BaseChooser
from wagtail.admin.widgets.workflows import AdminTaskChooser


def init_data(initialiser, *arguments):
    """The element that has admin-init.js call ``initialiser(*arguments)`` once it is in the page."""
    return format_html(
        '<admin-init hidden data-initialiser="{}" data-arguments="{}"></admin-init>', initialiser, json.dumps(arguments)
    )


def chooser_start(widget, id_, name, value_data):
    """The initialiser and arguments of a chooser widget, as Wagtail's ``render_js_init`` writes them in script."""
    if isinstance(widget, AdminTaskChooser):
        return "createTaskChooser", [id_]
    return widget.js_constructor, [id_, widget.get_js_init_options(id_, name, value_data)]


def render_chooser(widget, name, value, attrs=None, renderer=None):
    """``BaseChooser.render``, with the widget's start written as data."""
    if not attrs or "id" not in attrs:
        raise TypeError("BaseChooser cannot be rendered without an 'id' attribute")
    value_data = widget.get_value_data(value)
    initialiser, arguments = chooser_start(widget, attrs["id"], name, value_data)
    return widget.render_html(name, value_data, attrs) + init_data(initialiser, *arguments)


def write_chooser_starts_as_data():
    BaseChooser.render = render_chooser
