import { crc32 } from 'node:zlib';

/** The header value type the event-stream encoding uses for strings. */
const STRING_TYPE = 7;

/**
 * One message of the AWS event-stream encoding (`application/vnd.amazon.eventstream`): total length, headers
 * length, a CRC-32 of those 8 bytes, the headers, the payload, then a CRC-32 of everything before it. All string
 * headers, as Lambda's InvokeWithResponseStream sends them.
 */
export function encodeEventStreamMessage(headers: Record<string, string>, payload: Buffer): Buffer {
  const headerParts: Buffer[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const valueBytes = Buffer.from(value, 'utf8');
    const part = Buffer.alloc(1 + nameBytes.length + 1 + 2 + valueBytes.length);
    part.writeUInt8(nameBytes.length, 0);
    nameBytes.copy(part, 1);
    part.writeUInt8(STRING_TYPE, 1 + nameBytes.length);
    part.writeUInt16BE(valueBytes.length, 2 + nameBytes.length);
    valueBytes.copy(part, 4 + nameBytes.length);
    headerParts.push(part);
  }
  const headerBytes = Buffer.concat(headerParts);
  const total = 12 + headerBytes.length + payload.length + 4;
  const message = Buffer.alloc(total);
  message.writeUInt32BE(total, 0);
  message.writeUInt32BE(headerBytes.length, 4);
  message.writeUInt32BE(crc32(message.subarray(0, 8)), 8);
  headerBytes.copy(message, 12);
  payload.copy(message, 12 + headerBytes.length);
  message.writeUInt32BE(crc32(message.subarray(0, total - 4)), total - 4);
  return message;
}

/** A `PayloadChunk` event of InvokeWithResponseStream: a piece of the function's response, as raw bytes. */
export function payloadChunkEvent(chunk: Buffer): Buffer {
  return encodeEventStreamMessage(
    { ':event-type': 'PayloadChunk', ':content-type': 'application/octet-stream', ':message-type': 'event' },
    chunk,
  );
}

/** What ends every InvokeWithResponseStream response: the error (if any) and the log tail (when asked for). */
export interface InvokeCompleteFields {
  ErrorCode?: string;
  ErrorDetails?: string;
  LogResult?: string;
}

/** The `InvokeComplete` event that ends an InvokeWithResponseStream response. */
export function invokeCompleteEvent(fields: InvokeCompleteFields): Buffer {
  return encodeEventStreamMessage(
    { ':event-type': 'InvokeComplete', ':content-type': 'application/json', ':message-type': 'event' },
    Buffer.from(JSON.stringify(fields)),
  );
}
