"""``{% admin_init "NAME" argument … %}``: a widget's start as data for static/js/admin-init.js
(publications.editorial.admin_scripts); ``|from_json`` reads the options Wagtail hands its templates as JSON text."""

import json

from django import template

from publications.editorial.admin_scripts import init_data

register = template.Library()


@register.simple_tag
def admin_init(initialiser, *arguments):
    return init_data(initialiser, *arguments)


@register.filter
def from_json(text):
    return json.loads(text)
