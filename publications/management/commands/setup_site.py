"""Turn an empty, migrated database into a working, empty site: the default Site at the address of
WAGTAILADMIN_BASE_URL rooted at a home page, the publications index under it, and a first superuser.

The roles (Communications staff, Editors) and the review workflow come with the migrations; this checks they are
there. The superuser comes from DJANGO_SUPERUSER_USERNAME, DJANGO_SUPERUSER_EMAIL and DJANGO_SUPERUSER_PASSWORD,
as Django's ``createsuperuser --noinput`` reads them, or from a prompt with --interactive. Run again, it changes
nothing and says so.
"""

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Site, Workflow

from publications.editorial.roles import EDITORS, STAFF
from publications.pages.site_setup import ensure_home, ensure_index

SUPERUSER_VARIABLES = ("DJANGO_SUPERUSER_USERNAME", "DJANGO_SUPERUSER_EMAIL", "DJANGO_SUPERUSER_PASSWORD")


class Command(BaseCommand):
    help = "Make an empty, migrated database a working, empty site with a first superuser; again, nothing changes."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interactive",
            action="store_true",
            help="Ask for the first superuser when there is none and DJANGO_SUPERUSER_* are not set.",
        )

    def handle(self, *args, interactive, **options):
        missing_roles = {STAFF, EDITORS} - set(Group.objects.values_list("name", flat=True))
        if missing_roles or not Workflow.objects.filter(active=True).exists():
            raise CommandError("The roles or the review workflow are missing: run `manage.py migrate` first.")
        with transaction.atomic():
            home, home_created = ensure_home()
            index, index_created = ensure_index(home)
        site = Site.objects.get(is_default_site=True)
        self.say(home_created, f"Home page “{home.title}”")
        self.say(index_created, f"Publications index at {index.url_path.removeprefix(home.url_path.rstrip('/'))}")
        self.stdout.write(f"Site: {site.root_url}/ (hostname and port from WAGTAILADMIN_BASE_URL)")
        self.superuser(interactive)

    def say(self, created, what):
        self.stdout.write(f"{what}: {'created' if created else 'already there'}")

    def superuser(self, interactive):
        user_model = get_user_model()
        if user_model.objects.filter(is_superuser=True).exists():
            self.stdout.write("Superuser: already there")
        elif all(os.environ.get(variable) for variable in SUPERUSER_VARIABLES):
            call_command("createsuperuser", interactive=False, verbosity=0)
            self.stdout.write(f"Superuser {os.environ['DJANGO_SUPERUSER_USERNAME']}: created")
        elif interactive:
            call_command("createsuperuser", interactive=True)
        else:
            self.stderr.write(
                "No superuser yet: set DJANGO_SUPERUSER_USERNAME, DJANGO_SUPERUSER_EMAIL and "
                "DJANGO_SUPERUSER_PASSWORD, or run this again with --interactive."
            )
