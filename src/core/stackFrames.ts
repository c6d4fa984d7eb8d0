/** A stack frame that points into a file. */
export interface StackFrameLocation {
  /** The frame's text as printed. */
  text: string;
  file: string;
  /** 0-based. */
  line: number;
  /** 0-based. */
  column: number;
}

const NODE_FRAME = /^\s*at (?:.*? \()?((?:file:\/\/)?(?:\/|[A-Za-z]:\\)[^():]*):(\d+):(\d+)\)?\s*$/;
const PYTHON_FRAME = /File "([^"]+)", line (\d+)/;

/**
 * Finds the file locations in a stack trace (Node.js `at fn (file:line:col)` frames and Python
 * `File "x", line N` frames), so the editor can link them. Frames without a file are skipped.
 */
export function stackFrameLocations(trace: unknown): StackFrameLocation[] {
  const lines = Array.isArray(trace)
    ? trace.flatMap((entry) => String(entry).split('\n'))
    : typeof trace === 'string'
      ? trace.split('\n')
      : [];
  const frames: StackFrameLocation[] = [];
  for (const text of lines) {
    const node = NODE_FRAME.exec(text);
    if (node) {
      frames.push({
        text: text.trim(),
        file: node[1].replace(/^file:\/\//, ''),
        line: Number(node[2]) - 1,
        column: Number(node[3]) - 1,
      });
      continue;
    }
    const python = PYTHON_FRAME.exec(text);
    if (python) frames.push({ text: text.trim(), file: python[1], line: Number(python[2]) - 1, column: 0 });
  }
  return frames;
}

/**
 * Frames of the project's own runtime clients (the bundled Node.js client dist/clients/node.js or its sources, the
 * Python client's lambda_workbench_ric package and bootstrap.py): they sit under every handler and say nothing
 * about the user's code, so the result view leaves them out.
 */
const RUNTIME_CLIENT_FRAME =
  /[\\/]dist[\\/]clients[\\/]node\.js:|[\\/]src[\\/]clients[\\/]node[\\/]\w+\.ts:|[\\/]clients[\\/]python[\\/]bootstrap\.py"|[\\/]lambda_workbench_ric[\\/]/;

/** Whether a stack trace line is a frame of our own runtime client rather than of the function's code. */
export function isRuntimeClientFrame(text: string): boolean {
  return RUNTIME_CLIENT_FRAME.test(text);
}
