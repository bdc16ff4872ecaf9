"""Editors may unlock sign-ins that django-axes locked out (its "delete access attempt" permission)."""

from django.db import migrations

EDITORS = "Editors"


def let_editors_unlock(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; this migration needs axes' now.
    app_config = apps.get_app_config("axes")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    unlock = Permission.objects.get(content_type__app_label="axes", codename="delete_accessattempt")
    for group in Group.objects.filter(name=EDITORS):
        group.permissions.add(unlock)


def stop_editors_unlocking(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for group in Group.objects.filter(name=EDITORS):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="axes", codename="delete_accessattempt")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0011_page_url_path_index"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(let_editors_unlock, stop_editors_unlocking)]
