"""Publication index pages show in menus, as their page type now does by default, so that existing
sites keep the Publications link in their navigation, which now lists the pages shown in menus."""

from django.db import migrations


def show_index_pages_in_menus(apps, schema_editor):
    PublicationIndexPage = apps.get_model("publications", "PublicationIndexPage")
    Revision = apps.get_model("wagtailcore", "Revision")
    PublicationIndexPage.objects.update(show_in_menus=True)
    # The editor opens the latest revision; left as it was, the next publish would take the page out of the menu again.
    for revision in Revision.objects.filter(pk__in=PublicationIndexPage.objects.values("latest_revision")):
        revision.content["show_in_menus"] = True
        revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0006_publication_date_help"),
    ]

    operations = [
        migrations.RunPython(show_index_pages_in_menus, migrations.RunPython.noop),
    ]
