"""Backing up the production shape: the database from PostgreSQL and the files from the S3 bucket, restored into an
empty database and an empty bucket, object for object."""

import hashlib
import json
import subprocess
import sys
import tarfile
import uuid

import psycopg2

from .helpers import ROOT, shell

COUNTS = """
import json
from wagtail.models import Page, Revision
from publications.models import PublicationDocument, PublicationImage
print(json.dumps({"pages": Page.objects.count(), "revisions": Revision.objects.count(),
                  "documents": sorted(PublicationDocument.objects.values_list("file", "download_count")),
                  "images": PublicationImage.objects.count()}))
"""


def manage(environment, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
    )


def objects(client, bucket):
    """Every object of ``bucket``: its key and the SHA-256 of its bytes."""
    found = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            body = client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
            found[item["Key"]] = hashlib.sha256(body).hexdigest()
    return found


def archived_media(archive):
    """The media files an archive holds, by storage name, with the SHA-256 its manifest gives."""
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    return {
        name.removeprefix("media/"): member["sha256"]
        for name, member in manifest["members"].items()
        if name.startswith("media/")
    }


def run_on_server(stack, statement):
    connection = psycopg2.connect(f"{stack.config['STACK_POSTGRES']}/postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


def test_a_backup_of_the_stack_restores_into_an_empty_database_and_bucket(stack, tmp_path):
    source = stack.environment()
    archive = tmp_path / "stack-backup.tar.gz"
    backed_up = manage(source, "backup", "--output", str(archive))
    assert backed_up.returncode == 0, backed_up.stderr
    assert backed_up.stdout.startswith(f"Backed up to {archive}:")

    suffix = uuid.uuid4().hex[:8]
    database, bucket = f"pub_stack_restore_{suffix}", f"restore-{suffix}"
    client = stack.s3_client()
    run_on_server(stack, f'CREATE DATABASE "{database}"')
    client.create_bucket(Bucket=bucket)
    target = {
        **source,
        "DATABASE_URL": f"{stack.config['STACK_POSTGRES']}/{database}",
        "AWS_STORAGE_BUCKET_NAME": bucket,
        # The restore refreshes its site's caches: not the running stack's.
        "REDIS_URL": stack.config["STACK_REDIS_URL"].rsplit("/", 1)[0] + "/6",
    }
    try:
        restored = manage(target, "restore", str(archive))
        assert restored.returncode == 0, restored.stderr

        # What the archive holds is the bucket's, and comes back byte for byte.
        media = archived_media(archive)
        assert media.keys() <= objects(client, stack.config["STACK_BUCKET"]).keys()
        assert any(name.startswith("documents/") for name in media)
        assert objects(client, bucket) == media
        assert shell(stack, COUNTS, environment=target) == shell(stack, COUNTS)
        # A second restore, into what is no longer empty, is refused.
        refused = manage(target, "restore", str(archive))
        assert refused.returncode != 0
        assert "The target is not empty" in refused.stderr
    finally:
        for key in objects(client, bucket):
            client.delete_object(Bucket=bucket, Key=key)
        client.delete_bucket(Bucket=bucket)
        run_on_server(stack, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
