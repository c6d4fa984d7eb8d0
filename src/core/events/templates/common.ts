import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** The account, region and source address sample events use, as in the AWS documentation's examples. */
export const SAMPLE = { accountId: '123456789012', region: 'us-east-1', sourceIp: '192.0.2.1' };

/** One entry of the "New event from template…" list. */
export interface EventTemplate {
  id: string;
  label: string;
  description: string;
  /** A fresh event: new ids and the current time on each call. */
  build(): unknown;
}

export const uuid = (): string => randomUUID();
export const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
export const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
export const isoSeconds = (date = new Date()): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's CLF request time: `09/Apr/2015:12:34:56 +0000`. */
export function clfTime(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(
    date.getUTCMinutes(),
  )}:${pad(date.getUTCSeconds())} +0000`;
}

/** A decimal sequence number of the given length, like Kinesis and DynamoDB stream records carry. */
export function sequenceNumber(digits: number): string {
  let out = String(1 + Math.floor(Math.random() * 9));
  while (out.length < digits) out += String(Math.floor(Math.random() * 10));
  return out;
}
