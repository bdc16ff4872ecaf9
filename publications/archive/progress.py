"""A progress bar for long imports on a terminal: rows and bytes done, the rate and the time left."""

import time

from django.template.defaultfilters import filesizeformat

WIDTH = 30
# Redrawn at most this often, in seconds: a terminal that scrolls slowly must not slow the import.
REDRAW = 0.25


class ProgressBar:
    def __init__(self, total_rows, total_bytes, write, clock=time.monotonic):
        """``write(text)`` writes to the terminal as it is, without a newline."""
        self.total_rows, self.total_bytes = total_rows, total_bytes
        self.rows = self.bytes = 0
        self.write = write
        self.clock = clock
        self.started = clock()
        self.drawn = None

    def __call__(self, row, nbytes):
        self.rows += 1
        self.bytes += nbytes
        now, last = self.clock(), self.rows == self.total_rows
        if last or self.drawn is None or now - self.drawn >= REDRAW:
            self.drawn = now
            self.write("\r" + self.line() + ("\n" if last else ""))

    def line(self):
        done = self.rows / self.total_rows if self.total_rows else 1
        filled = round(WIDTH * done)
        elapsed = max(self.clock() - self.started, 1e-9)
        left = elapsed / done - elapsed if done else 0
        size = f"{filesizeformat(self.bytes)} of {filesizeformat(self.total_bytes)}".replace("\xa0", " ")
        return (
            f"[{'#' * filled}{'.' * (WIDTH - filled)}] {self.rows}/{self.total_rows} rows, {size}, "
            f"{self.rows / elapsed:.1f} rows/s, {left:.0f} s left"
        )
