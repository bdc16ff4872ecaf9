"""An import's report: a line for each row that was (or would be) created or updated, every refused row's
reasons by row, column and value, and a summary."""

from collections import Counter

from .manifest import RowError

# What an import does with a row.
CREATE, UPDATE, UNCHANGED, REFUSED = "create", "update", "unchanged", "refused"

DONE = {CREATE: "created", UPDATE: "updated", UNCHANGED: "unchanged", REFUSED: "refused"}
WOULD = {CREATE: "would be created", UPDATE: "would be updated", UNCHANGED: "unchanged", REFUSED: "refused"}


class Report:
    def __init__(self, dry_run=False, lines=None, counts=None):
        self.dry_run = dry_run
        self.lines = lines or []
        self.counts = Counter(counts or {})

    def record(self, entry, note=""):
        row, verbs = entry.row, WOULD if self.dry_run else DONE
        self.counts[entry.action] += 1
        if entry.action == UNCHANGED:
            return
        if entry.action == REFUSED:
            self.lines.extend({"row": row.number, "error": True, "text": str(error)} for error in row.errors)
            return
        text = f"row {row.number} “{row.title}”: {verbs[entry.action]}" + (f" ({note})" if note else "")
        self.lines.append({"row": row.number, "error": False, "text": text})

    def note(self, row, column, value, message):
        """A problem with a row that was imported all the same."""
        self.lines.append({"row": row.number, "error": True, "text": str(RowError(row.number, column, value, message))})

    @property
    def errors(self):
        return [line for line in self.lines if line["error"]]

    @property
    def summary(self):
        verbs = WOULD if self.dry_run else DONE
        total = sum(self.counts.values())
        parts = ", ".join(f"{self.counts[action]} {verbs[action]}" for action in (CREATE, UPDATE, UNCHANGED, REFUSED))
        prefix = "Dry run, nothing written: " if self.dry_run else ""
        return f"{prefix}{total} row{'' if total == 1 else 's'}: {parts}."

    def as_dict(self):
        return {
            "dry_run": self.dry_run,
            "lines": sorted(self.lines, key=lambda line: line["row"]),
            "counts": dict(self.counts),
        }

    @classmethod
    def from_dict(cls, data):
        return cls(data["dry_run"], data["lines"], data["counts"])

    def text(self):
        return "\n".join([*(line["text"] for line in sorted(self.lines, key=lambda line: line["row"])), self.summary])
