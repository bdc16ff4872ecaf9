"""The admin forms of the page types: only editors schedule; a publication recommends others, once each."""

from wagtail.admin.forms import WagtailAdminPageForm

from publications.timezones import time_zone_label

SCHEDULE_FIELDS = ("go_live_at", "expire_at")


class EditorialPageForm(WagtailAdminPageForm):
    """Shows the time zone of schedule dates, and lets only those who may publish set them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in SCHEDULE_FIELDS:
            if name in self.fields:
                self.fields[name].help_text = f"In {time_zone_label()}."

    def can_publish(self):
        if self.instance.pk:
            return self.instance.permissions_for_user(self.for_user).can_publish()
        return bool(self.parent_page) and self.parent_page.permissions_for_user(self.for_user).can_publish_subpage()

    def clean(self):
        cleaned_data = super().clean()
        changed = [name for name in SCHEDULE_FIELDS if name in self.changed_data and cleaned_data.get(name)]
        if changed and self.for_user is not None and not self.can_publish():
            for name in changed:
                self.add_error(name, "Only editors can schedule publication; an editor sets the date when approving.")
        return cleaned_data


class PublicationPageForm(EditorialPageForm):
    def clean(self):
        cleaned_data = super().clean()
        related = self.formsets["related_links"]
        if not related.is_valid():
            return cleaned_data
        picked = [
            form.cleaned_data["publication"].pk
            for form in related.forms
            if form.cleaned_data.get("publication") and not form.cleaned_data.get("DELETE")
        ]
        if self.instance.pk in picked:
            self.add_error(None, "A publication cannot recommend itself; remove it from the related publications.")
        if len(picked) != len(set(picked)):
            self.add_error(None, "Each related publication can be picked only once.")
        return cleaned_data
