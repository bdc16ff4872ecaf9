"""Make the renditions readers may be shown of every released image, by its uses, that are not made yet.

Run it after a deploy (or after restoring media) so that no reader waits while a rendition is made. A second
run makes nothing: it reads the pages, the images and their renditions and stops.
"""

import time

from django.core.management.base import BaseCommand

from publications.documents.release import released_images
from publications.editorial.renditions_ahead import make_missing, needed_by_readers, with_renditions

PROGRESS_EVERY = 25


class Command(BaseCommand):
    help = (
        "Make the missing renditions of every image readers may see, for what it is used as "
        "(a cover, a body image, the logo, the share image; each in the API)."
    )

    def handle(self, *args, verbosity, **options):
        started = time.monotonic()
        needed = needed_by_readers()
        images = with_renditions(released_images()).order_by("pk")
        total, made, failed = images.count(), 0, 0
        for done, image in enumerate(images.iterator(chunk_size=PROGRESS_EVERY), 1):
            try:
                made += make_missing(image, needed[image.pk])
            except Exception as error:  # one unreadable file should not keep the others cold
                failed += 1
                self.stderr.write(f"Image {image.pk} ({image.title}): {error}")
            if verbosity and (done % PROGRESS_EVERY == 0 or done == total):
                self.stdout.write(f"{done}/{total} images, {made} renditions made")
        summary = f"{total} released images: {made} renditions made in {time.monotonic() - started:.1f} s"
        if failed:
            summary += f"; {failed} images could not be read"
        self.stdout.write(f"{summary}.")
