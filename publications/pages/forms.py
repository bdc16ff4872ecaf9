"""The admin forms of the page types: only editors schedule; a publication recommends others, once each."""

from wagtail.admin.forms import WagtailAdminPageForm

from publications.timezones import time_zone_label

SCHEDULE_FIELDS = ("go_live_at", "expire_at")
STAFF_PUBLICATION_DATE_HELP = "The date readers see. An editor sets when the page goes live, when approving it."


class EditorialPageForm(WagtailAdminPageForm):
    """Shows the time zone of schedule dates, and gives the schedule fields only to those who may publish.

    Without the fields Wagtail renders neither "Set schedule" nor the schedule dialog, and saving keeps
    the dates an editor has set; a schedule date posted anyway is refused.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.may_schedule = self.for_user is None or self.can_publish()
        for name in SCHEDULE_FIELDS:
            if name not in self.fields:
                continue
            if self.may_schedule:
                self.fields[name].help_text = f"In {time_zone_label()}."
            else:
                del self.fields[name]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Wagtail builds each page type's form with its draft-state mixin first among the bases, and the
        # mixin's show_schedule_publishing_toggle asks the form class for the field. Set on the built class,
        # this one asks the form, which has it only for editors.
        cls.show_schedule_publishing_toggle = property(lambda form: "go_live_at" in form.fields)

    def can_publish(self):
        if self.instance.pk:
            return self.instance.permissions_for_user(self.for_user).can_publish()
        return bool(self.parent_page) and self.parent_page.permissions_for_user(self.for_user).can_publish_subpage()

    def clean(self):
        cleaned_data = super().clean()
        if not self.may_schedule and any(self.data.get(self.add_prefix(name)) for name in SCHEDULE_FIELDS):
            self.add_error(None, "Only editors can schedule publication; an editor sets the date when approving.")
        return cleaned_data


class PublicationPageForm(EditorialPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.may_schedule and "publication_date" in self.fields:
            # The model's help text sends editors to Status → Set schedule, which these users do not have.
            self.fields["publication_date"].help_text = STAFF_PUBLICATION_DATE_HELP

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
