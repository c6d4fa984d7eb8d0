/**
 * A JavaScript source of about `length` characters shaped like a large hand-written handler module: many local
 * functions, `exports.x = local` lines pointing back at them, ES exports and a `module.exports = { ... }` table.
 */
export function largeHandlerFile(length: number): string {
  const parts: string[] = ["'use strict';", "const helpers = require('./helpers');", ''];
  let size = parts.join('\n').length;
  const names: string[] = [];
  for (let i = 0; size < length; i++) {
    const name = `handler${i}`;
    names.push(name);
    const block = [
      `// ${name} answers the route /items/${i}; "quotes" and 'strings' are masked before matching.`,
      `async function ${name}(event, context) {`,
      `  const body = JSON.parse(event.body || '{}');`,
      `  return helpers.respond(200, { id: ${i}, name: body.name, at: context.awsRequestId });`,
      '}',
      `exports.${name} = ${name};`,
      `export const direct${i} = async () => ({ statusCode: 204 });`,
      '',
    ].join('\n');
    parts.push(block);
    size += block.length + 1;
  }
  parts.push(`module.exports = {\n${names.map((n) => `  ${n},`).join('\n')}\n};`);
  return parts.join('\n');
}
