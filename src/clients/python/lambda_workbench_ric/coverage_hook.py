"""
Coverage of the function's own code while tests run with coverage: the local runtime sets LAMBDA_WORKBENCH_COVERAGE
to a folder, and this instance measures with coverage.py (line and branch) when the interpreter can import it.
After each invocation, before its result is posted, all that this instance measured so far is written as
python-<pid>.json (coverage.py's JSON report, with absolute paths). An interpreter without coverage.py writes
python-missing-<pid>.json naming itself, so that the run can say what to install.
"""

import json
import os
import sys


class CoverageHook:
    def __init__(self, folder, task_root, client_dir):
        self.folder = folder
        self.pid = os.getpid()
        self.cov = None
        try:
            import coverage
        except ImportError:
            self._write("python-missing-{}.json".format(self.pid), {"python": sys.executable})
            return
        self.cov = coverage.Coverage(
            data_file=None,
            branch=True,
            include=[os.path.join(task_root, "*")],
            omit=[os.path.join(client_dir, "*"), "*/site-packages/*", "*/dist-packages/*"],
        )
        self.cov.start()

    def save(self):
        """Writes what was measured so far (the report covers the whole life of this instance)."""
        if self.cov is None:
            return
        self.cov.stop()
        try:
            report = os.path.join(self.folder, "python-{}.report.json".format(self.pid))
            self.cov.json_report(outfile=report, ignore_errors=True)
            with open(report, encoding="utf-8") as f:
                data = json.load(f)
            os.remove(report)
            files = {os.path.abspath(name): self._lines(entry) for name, entry in data.get("files", {}).items()}
            self._write("python-{}.json".format(self.pid), {"files": files})
        except Exception as e:  # noqa: BLE001 - coverage must never fail the invocation it measures
            sys.stderr.write("coverage could not be written: {}\n".format(e))
        finally:
            self.cov.start()

    @staticmethod
    def _lines(entry):
        keys = ("executed_lines", "missing_lines", "executed_branches", "missing_branches")
        return {key: entry.get(key, []) for key in keys}

    def _write(self, name, value):
        # Written beside and renamed, so the reader never sees half a file.
        path = os.path.join(self.folder, name)
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            json.dump(value, f)
        os.replace(path + ".tmp", path)


def start_coverage(task_root, client_dir):
    """The hook when LAMBDA_WORKBENCH_COVERAGE names a folder, else None."""
    folder = os.environ.get("LAMBDA_WORKBENCH_COVERAGE")
    if not folder:
        return None
    os.makedirs(folder, exist_ok=True)
    return CoverageHook(folder, task_root, client_dir)
