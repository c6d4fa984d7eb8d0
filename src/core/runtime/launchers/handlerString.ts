/**
 * A Node.js-style handler string split as Lambda splits it: the module is everything up to the first '.' after the
 * last '/', the rest is the export path. `src/handlers/app.handler` → module `src/handlers/app`, export `handler`;
 * `index.a.b` → module `index`, export path `a.b`. Undefined for a malformed string (no '.' after the last '/').
 */
export function splitHandler(handler: string): { module: string; exportPath: string } | undefined {
  const slash = handler.lastIndexOf('/');
  const dot = handler.indexOf('.', slash + 1);
  if (dot <= slash + 1 || dot === handler.length - 1) return undefined;
  return { module: handler.slice(0, dot), exportPath: handler.slice(dot + 1) };
}
