import { randomFillSync } from 'node:crypto';

/** Random bytes one trace header takes: a 96-bit root id, a 64-bit parent id and a 32-bit lineage hash. */
const BYTES_PER_TRACE = 24;
/** Random bytes drawn at once: one call to the generator per 256 invocations rather than three per invocation. */
const pool = Buffer.alloc(BYTES_PER_TRACE * 256);
let used = pool.length;

/** An X-Ray trace header as Lambda passes it in Lambda-Runtime-Trace-Id (sampling off: nothing is sent locally). */
export function traceId(now = Date.now()): string {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const at = used;
  used += BYTES_PER_TRACE;
  const epoch = Math.floor(now / 1000)
    .toString(16)
    .padStart(8, '0');
  return `Root=1-${epoch}-${pool.toString('hex', at, at + 12)};Parent=${pool.toString('hex', at + 12, at + 20)};Sampled=0;Lineage=1:${pool.toString('hex', at + 20, at + 24)}:0`;
}
