"""An index on the URL path of Wagtail's pages: publications.pages.routing finds a request's page by its URL path,
and without one every page view read the whole page table (a sequential scan of every page, 18 ms at 16,000)."""

from django.db import migrations

INDEX = "publications_page_url_path"


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0010_publication_date_index"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (url_path)",
            f"DROP INDEX IF EXISTS {INDEX}",
        )
    ]
