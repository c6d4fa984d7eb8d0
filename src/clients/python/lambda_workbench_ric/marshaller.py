"""Turns events and responses into JSON the way Lambda's Python runtime does."""

import decimal
import json
import math
import os
import uuid

from .faults import FaultException

# Python 3.12 and later runtimes write non-ASCII characters as they are; older ones escape them.
_ASCII_ESCAPING_RUNTIMES = {"AWS_Lambda_python3.8", "AWS_Lambda_python3.9", "AWS_Lambda_python3.10", "AWS_Lambda_python3.11"}


class _Encoder(json.JSONEncoder):
    """Writes Decimal values as the numbers they hold (Lambda's runtime does so through simplejson)."""

    def __init__(self, marker):
        env = os.environ.get("AWS_EXECUTION_ENV", "")
        super().__init__(ensure_ascii=env in _ASCII_ESCAPING_RUNTIMES)
        self._marker = marker

    def default(self, o):
        if isinstance(o, decimal.Decimal):
            if o.is_nan():
                return math.nan
            return self._marker + str(o)
        return super().default(o)


def to_json(obj):
    """JSON text of obj; raises TypeError or ValueError like json.dumps for what JSON cannot hold."""
    # Decimals go out as marked strings whose quotes are then removed, so their digits stay exact.
    marker = "\u0000decimal-" + uuid.uuid4().hex + ":"
    text = _Encoder(marker).encode(obj)
    # JSON always escapes the NUL that starts the marker, so no string of the user's can look like it.
    opening = '"' + json.dumps(marker)[1:-1]
    parts = text.split(opening)
    if len(parts) == 1:
        return text
    out = [parts[0]]
    for part in parts[1:]:
        end = part.index('"')
        out.append(part[:end] + part[end + 1 :])
    return "".join(out)


def unmarshal_request(body, content_type):
    """The event handed to the handler: parsed JSON, or the raw bytes for other content types."""
    if content_type and content_type.split(";")[0].strip() != "application/json":
        return body
    try:
        return json.loads(body)
    except Exception as e:
        raise FaultException(FaultException.UNMARSHAL_ERROR, "Unable to unmarshal input: {}".format(str(e)))


def marshal_response(response):
    """(body bytes, content type) for the handler's return value; raises Runtime.MarshalError."""
    if isinstance(response, bytes):
        return response, "application/unknown"
    try:
        return to_json(response).encode("utf-8"), "application/json"
    except Exception as e:
        raise FaultException(FaultException.MARSHAL_ERROR, "Unable to marshal response: {}".format(str(e)))
