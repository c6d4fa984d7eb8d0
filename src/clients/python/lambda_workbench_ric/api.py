"""A client of the Lambda Runtime API (2018-06-01) over one kept-alive HTTP connection."""

import http.client
import json


class InvocationRequest(object):
    """One invocation as `GET /runtime/invocation/next` hands it over."""

    def __init__(self, headers, body):
        self.request_id = headers.get("Lambda-Runtime-Aws-Request-Id", "")
        self.deadline_ms = int(headers.get("Lambda-Runtime-Deadline-Ms") or 0)
        self.invoked_function_arn = headers.get("Lambda-Runtime-Invoked-Function-Arn")
        self.trace_id = headers.get("Lambda-Runtime-Trace-Id")
        self.client_context = _text(headers.get("Lambda-Runtime-Client-Context"))
        self.cognito_identity = _text(headers.get("Lambda-Runtime-Cognito-Identity"))
        self.tenant_id = _text(headers.get("Lambda-Runtime-Aws-Tenant-Id"))
        self.content_type = headers.get("Content-Type", "application/json")
        self.body = body


def _text(value):
    # Header values arrive as raw UTF-8 bytes, which http.client reads one character per byte (latin-1).
    if value is None:
        return None
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


class RuntimeApiError(Exception):
    """The Runtime API could not be reached or refused a request."""


class RuntimeApiClient(object):
    def __init__(self, address):
        host, _, port = address.rpartition(":")
        if not host or not port.isdigit():
            raise RuntimeApiError("AWS_LAMBDA_RUNTIME_API must be host:port, got '{}'".format(address))
        self._host = host
        self._port = int(port)
        self._conn = None

    def next_invocation(self):
        status, headers, body = self._request("GET", "/2018-06-01/runtime/invocation/next")
        if status != 200:
            raise RuntimeApiError("GET /runtime/invocation/next answered {}: {!r}".format(status, body[:200]))
        return InvocationRequest(headers, body)

    def post_response(self, request_id, body, content_type):
        path = "/2018-06-01/runtime/invocation/{}/response".format(request_id)
        self._post(path, body, {"Content-Type": content_type})

    def post_error(self, request_id, error):
        path = "/2018-06-01/runtime/invocation/{}/error".format(request_id)
        self._post_error(path, error)

    def post_init_error(self, error):
        self._post_error("/2018-06-01/runtime/init/error", error)

    def _post_error(self, path, error):
        headers = {"Content-Type": "application/json", "Lambda-Runtime-Function-Error-Type": error["errorType"]}
        self._post(path, json.dumps(error).encode("utf-8"), headers)

    def _post(self, path, body, headers):
        # A refused post (e.g. 413 for an oversized response) is the server's to report; the loop goes on.
        self._request("POST", path, body, headers)

    def _request(self, method, path, body=None, headers=None):
        for attempt in (0, 1):
            if self._conn is None:
                self._conn = http.client.HTTPConnection(self._host, self._port)
            try:
                self._conn.request(method, path, body=body, headers=headers or {})
                response = self._conn.getresponse()
                return response.status, response.headers, response.read()
            except (ConnectionError, http.client.HTTPException, OSError) as e:
                self._conn.close()
                self._conn = None
                # A kept-alive connection the server closed is retried once on a fresh one.
                if attempt == 1:
                    raise RuntimeApiError("Runtime API {}:{} unreachable: {}".format(self._host, self._port, e))
        raise RuntimeApiError("unreachable")
