/** A Lambda handler string split the way the runtimes read it. */
export interface HandlerParts {
  /** The module path without extension, relative to the code folder: `src/app` for `src/app.handler`. */
  modulePath: string;
  /** The export path after the module: `handler`, or `handlers.main` for nested exports. */
  exportPath: string;
}

/**
 * Splits `src/app.handler` into `src/app` and `handler`: the module name ends at the first dot of the last path
 * segment, as in the Node.js and Python runtimes. Throws when there is no export part.
 */
export function splitHandler(handler: string): HandlerParts {
  const slash = handler.lastIndexOf('/');
  const dot = handler.indexOf('.', slash + 1);
  if (dot <= slash + 1 || dot === handler.length - 1) {
    throw new Error(
      `The handler '${handler}' is not of the form <module>.<export> (e.g. index.handler or src/app.handler).`,
    );
  }
  return { modulePath: handler.slice(0, dot).replace(/^\.\//, ''), exportPath: handler.slice(dot + 1) };
}

/** The Node.js major version a `nodejsNN.x` runtime runs, or undefined for anything else. */
export function nodeMajor(runtime: string): number | undefined {
  const match = /^nodejs(\d+)\.x$/.exec(runtime);
  return match ? Number(match[1]) : undefined;
}
