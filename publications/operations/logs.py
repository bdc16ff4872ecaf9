"""Log records for operators: bogus Host headers in one line, and JSON lines where LOG_FORMAT=json."""

import datetime
import json
import logging


class WithoutTraceback(logging.Filter):
    """Drops a record's traceback: a request with a bogus Host header is a line in the log, not a stack."""

    def filter(self, record):
        record.exc_info = None
        record.exc_text = None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, and the traceback if there is one."""

    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry)
