"""
The Lambda Workbench runtime client for Python: what Lambda's Python runtime does, on the standard library.

Started by the local runtime with LAMBDA_TASK_ROOT, _HANDLER and AWS_LAMBDA_RUNTIME_API set. It imports the
handler (reporting import, syntax and name problems to /runtime/init/error), then serves invocations one at a
time until the process is stopped.
"""

import os
import sys

_CLIENT_DIR = os.path.dirname(os.path.abspath(__file__))


def _set_import_path(task_root):
    # The function's code comes first, as in Lambda; this client's own folder stays importable after it.
    path = [p for p in sys.path if os.path.abspath(p or ".") != _CLIENT_DIR]
    # What the Lambda runtime itself includes (boto3 when the function's environment lacks it) comes after the
    # function's own packages, as /var/runtime does on Lambda.
    runtime = [p for p in os.environ.get("LAMBDA_WORKBENCH_RUNTIME_PACKAGES", "").split(os.pathsep) if p]
    sys.path[:] = [task_root] + [p for p in path if os.path.abspath(p or ".") != task_root] + runtime + [_CLIENT_DIR]


def main():
    task_root = os.path.abspath(os.environ.get("LAMBDA_TASK_ROOT") or os.getcwd())
    _set_import_path(task_root)

    from lambda_workbench_ric import logs
    from lambda_workbench_ric.api import RuntimeApiClient, RuntimeApiError
    from lambda_workbench_ric.context import create_context
    from lambda_workbench_ric.faults import FaultException, build_fault_result, make_error
    from lambda_workbench_ric.handler import load_handler
    from lambda_workbench_ric.marshaller import marshal_response, unmarshal_request

    address = os.environ.get("AWS_LAMBDA_RUNTIME_API")
    handler_name = os.environ.get("_HANDLER")
    if not address or not handler_name:
        sys.stderr.write("bootstrap.py needs AWS_LAMBDA_RUNTIME_API and _HANDLER in its environment\n")
        return 2
    client = RuntimeApiClient(address)
    logs.setup_logging()
    from lambda_workbench_ric.coverage_hook import start_coverage

    coverage = start_coverage(task_root, _CLIENT_DIR)

    try:
        handler = load_handler(handler_name)
    except FaultException as e:
        error = make_error(e.msg, e.exception_type, e.trace)
        logs.log_error(error)
        if coverage:
            coverage.save()
        client.post_init_error(error)
        return 1
    except Exception:
        error = build_fault_result(sys.exc_info())
        logs.log_error(error)
        if coverage:
            coverage.save()
        client.post_init_error(error)
        return 1

    while True:
        try:
            request = client.next_invocation()
        except RuntimeApiError as e:
            sys.stderr.write("{}\n".format(e))
            return 1
        logs.current.request_id = request.request_id
        if request.trace_id:
            os.environ["_X_AMZN_TRACE_ID"] = request.trace_id
        else:
            os.environ.pop("_X_AMZN_TRACE_ID", None)
        error = None
        try:
            context = create_context(request)
            event = unmarshal_request(request.body, request.content_type)
            body, content_type = marshal_response(handler(event, context))
        except FaultException as e:
            error = make_error(e.msg, e.exception_type, e.trace, request.request_id)
        except Exception:
            error = build_fault_result(sys.exc_info(), request.request_id)
        if coverage:
            coverage.save()
        if error is not None:
            logs.log_error(error)
            client.post_error(request.request_id, error)
        else:
            client.post_response(request.request_id, body, content_type)


if __name__ == "__main__":
    sys.exit(main())
