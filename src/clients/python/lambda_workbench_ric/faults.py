"""Errors the runtime reports itself, shaped as Lambda's Python runtime shapes them."""

import traceback


class FaultException(Exception):
    """A failure of the runtime around the user's code, with Lambda's `Runtime.*` error type."""

    MARSHAL_ERROR = "Runtime.MarshalError"
    UNMARSHAL_ERROR = "Runtime.UnmarshalError"
    USER_CODE_SYNTAX_ERROR = "Runtime.UserCodeSyntaxError"
    HANDLER_NOT_FOUND = "Runtime.HandlerNotFound"
    IMPORT_MODULE_ERROR = "Runtime.ImportModuleError"
    BUILT_IN_MODULE_CONFLICT = "Runtime.BuiltInModuleConflict"
    MALFORMED_HANDLER_NAME = "Runtime.MalformedHandlerName"
    LAMBDA_CONTEXT_UNMARSHAL_ERROR = "Runtime.LambdaContextUnmarshalError"

    def __init__(self, exception_type, msg, trace=None):
        super().__init__(msg)
        self.exception_type = exception_type
        self.msg = msg
        self.trace = trace


def make_error(error_message, error_type, stack_trace, request_id=None):
    """The error body posted to the Runtime API: errorMessage, errorType, requestId, stackTrace."""
    return {
        "errorMessage": error_message if error_message else "",
        "errorType": error_type if error_type else "",
        "requestId": request_id if request_id is not None else "",
        "stackTrace": stack_trace if stack_trace else [],
    }


def user_frames(tb):
    """The frames of a traceback from the first one outside this client on: what the user wrote."""
    frames = traceback.extract_tb(tb)
    for index, frame in enumerate(frames):
        if not _is_client_file(frame.filename):
            return frames[index:]
    return frames


def build_fault_result(exc_info, request_id=None):
    """The error body for an exception raised by user code: its type, message and formatted frames."""
    etype, value, tb = exc_info
    return make_error(str(value), etype.__name__, traceback.format_list(user_frames(tb)), request_id)


def _is_client_file(filename):
    normalized = filename.replace("\\", "/")
    return normalized.endswith("/bootstrap.py") or "/lambda_workbench_ric/" in normalized
