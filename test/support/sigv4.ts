import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

/** node:crypto in the shape the SDK's signer takes (a SHA-256 hash, or an HMAC when given a secret). */
class Sha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret ? createHmac('sha256', bytes(secret)) : createHash('sha256');
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function bytes(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === 'string') return data;
  return data instanceof ArrayBuffer
    ? new Uint8Array(data)
    : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * Signs a request to a local endpoint with the AWS SDK's own SigV4 signer, as awscurl or a signed fetch would:
 * returns the headers to send (Authorization, X-Amz-Date, X-Amz-Content-Sha256 and host).
 */
export async function signedHeaders(
  url: string,
  options: {
    method?: string;
    body?: string;
    headers?: Record<string, string>;
    accessKeyId: string;
    secretAccessKey: string;
    service?: string;
    region?: string;
  },
): Promise<Record<string, string>> {
  const target = new URL(url);
  const signer = new SignatureV4({
    service: options.service ?? 'lambda',
    region: options.region ?? 'us-east-1',
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    sha256: Sha256,
  });
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of target.searchParams) {
    const seen = query[key];
    query[key] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  const signed = await signer.sign({
    method: options.method ?? 'GET',
    protocol: 'http:',
    hostname: target.hostname,
    port: Number(target.port),
    path: target.pathname,
    query,
    headers: { host: target.host, ...(options.headers ?? {}) },
    body: options.body,
  });
  return signed.headers as Record<string, string>;
}
