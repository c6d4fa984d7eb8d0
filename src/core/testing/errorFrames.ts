import { isAbsolute, resolve, sep } from 'node:path';

/** One frame of a function error's stack: 1-based line and column, and whether it is in the function's own code. */
export interface ErrorFrame {
  label: string;
  file: string;
  line: number;
  column: number;
  own: boolean;
}

/**
 * The frames of a function error's stack as the runtimes report it: Node.js's `trace` lines (`at fn (file:line:col)`)
 * or Python's `stackTrace` entries (`File "file", line N, in fn`). Frames without a file on disk are left out.
 */
export function stackFrames(trace: unknown, codeDir: string): ErrorFrame[] {
  const lines = (Array.isArray(trace) ? trace : []).flatMap((entry) =>
    typeof entry === 'string' ? entry.split('\n') : [],
  );
  const root = resolve(codeDir) + sep;
  const frames: ErrorFrame[] = [];
  for (const line of lines) {
    const node = /^\s*at (?:(.+?) \()?(?:file:\/\/)?(\/[^()]+?|[A-Za-z]:\\[^()]+?):(\d+):(\d+)\)?\s*$/.exec(line);
    const python = /^\s*File "(.+)", line (\d+)(?:, in (.+))?/.exec(line);
    const frame = node
      ? { label: node[1] ?? '<anonymous>', file: node[2], line: Number(node[3]), column: Number(node[4]) }
      : python
        ? { label: python[3] ?? '<module>', file: python[1], line: Number(python[2]), column: 1 }
        : undefined;
    if (frame && isAbsolute(frame.file))
      frames.push({ ...frame, own: frame.file.startsWith(root) && !/[\\/]node_modules[\\/]/.test(frame.file) });
  }
  return frames;
}
