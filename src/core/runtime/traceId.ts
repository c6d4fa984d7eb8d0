import { randomBytes } from 'node:crypto';

/** An X-Ray trace header as Lambda passes it in Lambda-Runtime-Trace-Id (sampling off: nothing is sent locally). */
export function traceId(now = Date.now()): string {
  const epoch = Math.floor(now / 1000)
    .toString(16)
    .padStart(8, '0');
  return `Root=1-${epoch}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0;Lineage=1:${randomBytes(4).toString('hex')}:0`;
}
