"""Logging as Lambda's Python runtime sets it up: unbuffered stdout, a root handler, Text or JSON format."""

import json
import logging
import os
import sys
import time
import traceback
from datetime import datetime, timezone

_DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S"
_TEXT_FORMAT = "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n"
# Attributes every LogRecord has; anything else on a record came from `extra=` and goes into JSON logs.
_RESERVED_FIELDS = {
    "name", "msg", "args", "levelname", "levelno", "pathname", "filename", "module", "exc_info", "exc_text",
    "stack_info", "lineno", "funcName", "created", "msecs", "relativeCreated", "thread", "threadName",
    "processName", "process", "taskName", "aws_request_id",
}


class _State(object):
    request_id = None


current = _State()


def json_format():
    """Whether AWS_LAMBDA_LOG_FORMAT asks for JSON logs."""
    return (os.environ.get("AWS_LAMBDA_LOG_FORMAT") or "").upper() == "JSON"


class Unbuffered(object):
    """A stream that flushes after every write, so each line reaches the runtime when it is written."""

    def __init__(self, stream):
        self.stream = stream

    def __getattr__(self, attr):
        return getattr(self.stream, attr)

    def write(self, msg):
        written = self.stream.write(msg)
        self.stream.flush()
        return written

    def writelines(self, msgs):
        self.stream.writelines(msgs)
        self.stream.flush()


class _RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = current.request_id or ""
        return True


class _StdoutHandler(logging.Handler):
    def emit(self, record):
        try:
            sys.stdout.write(self.format(record))
        except Exception:
            self.handleError(record)


class JsonFormatter(logging.Formatter):
    """One JSON object a line: timestamp, level, message, logger, requestId, and error fields with exc_info."""

    def format(self, record):
        level = min(50, max(0, record.levelno)) // 10 * 10
        exc = record.exc_info
        result = {
            "timestamp": datetime.fromtimestamp(record.created, tz=timezone.utc).strftime(_DATETIME_FORMAT + ".%f")[:-3]
            + "Z",
            "level": logging.getLevelName(level),
            "message": record.getMessage(),
            "logger": record.name,
            "stackTrace": traceback.format_tb(exc[2]) if exc else None,
            "errorType": exc[0].__name__ if exc else None,
            "errorMessage": str(exc[1]) if exc else None,
            "requestId": getattr(record, "aws_request_id", None),
            "location": "{}:{}:{}".format(record.pathname, record.funcName, record.lineno) if exc else None,
        }
        for key, value in record.__dict__.items():
            if key not in _RESERVED_FIELDS and key not in result:
                result[key] = value
        result = {k: v for k, v in result.items() if v is not None}
        return json.dumps(result, ensure_ascii=False, default=str) + "\n"


def setup_logging():
    """Unbuffers stdout/stderr and installs the runtime's handler on the root logger."""
    sys.stdout = Unbuffered(sys.stdout)
    sys.stderr = Unbuffered(sys.stderr)
    logging.Formatter.converter = time.gmtime
    handler = _StdoutHandler()
    if json_format():
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter(_TEXT_FORMAT, _DATETIME_FORMAT))
    handler.addFilter(_RequestIdFilter())
    level = (os.environ.get("AWS_LAMBDA_LOG_LEVEL") or "").upper()
    level = "DEBUG" if level == "TRACE" else level
    # JSON logs default to INFO, as Lambda's application log level does; Text logs keep Python's WARNING.
    if not level and json_format():
        level = "INFO"
    root = logging.getLogger()
    if level in ("DEBUG", "INFO", "WARNING", "WARN", "ERROR", "CRITICAL", "FATAL"):
        root.setLevel({"WARN": "WARNING", "FATAL": "CRITICAL"}.get(level, level))
    root.addHandler(handler)


def log_error(error):
    """Writes an error the runtime reports as Lambda does: `[ERROR] Type: message` and the traceback, or JSON."""
    if json_format():
        stamp = datetime.now(timezone.utc).strftime(_DATETIME_FORMAT)
        record = dict({"timestamp": stamp, "level": "ERROR"}, **error)
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    description = "[ERROR]"
    if error.get("errorType"):
        description += " " + error["errorType"]
    if error.get("errorMessage"):
        if error.get("errorType"):
            description += ":"
        description += " " + error["errorMessage"]
    lines = [description]
    if error.get("stackTrace") is not None:
        lines.append("Traceback (most recent call last):")
        for element in error["stackTrace"]:
            lines.extend(element.splitlines() if element else [""])
    sys.stdout.write("\n".join(lines) + "\n")
