"""Create the accounts for trying the admin locally, each with a generated password.

Passwords are generated on the first run, kept in a git-ignored file readable only by
this user, and printed on every run so `make run` always shows how to log in.
"""

import json
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from publications.editorial.roles import EDITORS, STAFF

DEMO_ACCOUNTS = [
    {"username": "admin", "first_name": "Site", "last_name": "Administrator", "superuser": True, "role": "superuser"},
    {"username": "editor", "first_name": "Emma", "last_name": "Editor", "group": EDITORS, "role": EDITORS},
    {"username": "staff", "first_name": "Sam", "last_name": "Writer", "group": STAFF, "role": STAFF},
]


class Command(BaseCommand):
    help = "Create local demo accounts with generated passwords and print how to log in."

    def add_arguments(self, parser):
        parser.add_argument(
            "--credentials-file",
            default=str(Path(settings.BASE_DIR) / ".local" / "demo-accounts.json"),
            help="Where generated passwords are kept between runs (git-ignored).",
        )

    def handle(self, *args, credentials_file, **options):
        path = Path(credentials_file)
        known = json.loads(path.read_text()) if path.exists() else {}
        user_model = get_user_model()
        lines = []
        for account in DEMO_ACCOUNTS:
            username = account["username"]
            user = user_model.objects.filter(username=username).first()
            if user is None:
                password = secrets.token_urlsafe(12)
                user = user_model.objects.create_user(
                    username=username,
                    email=f"{username}@example.org",
                    password=password,
                    first_name=account["first_name"],
                    last_name=account["last_name"],
                    is_staff=account.get("superuser", False),
                    is_superuser=account.get("superuser", False),
                )
                if account.get("group"):
                    user.groups.add(Group.objects.get(name=account["group"]))
                known[username] = password
            password = known.get(username, "(set before; change it with: manage.py changepassword " + username + ")")
            lines.append(f"  {username:<8} {password:<20} {account['role']}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(known, indent=2))
        os.chmod(path, 0o600)
        self.stdout.write("Admin accounts (log in at /admin/):\n" + "\n".join(lines))
