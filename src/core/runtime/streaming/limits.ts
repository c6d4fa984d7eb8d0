/**
 * Lambda's limits on streamed responses (configuration-response-streaming in the Lambda developer guide): since
 * July 2025 a streamed response may carry up to 200 MB (it was a 20 MB soft limit before), and only its first
 * 6 MB stream at full speed; the rest is held to a bandwidth cap of 2 MB/s.
 */
export const MAX_STREAMED_RESPONSE_BYTES = 200 * 1024 * 1024;

/** The part of a streamed response Lambda sends with uncapped bandwidth. */
export const UNCAPPED_STREAM_BYTES = 6 * 1024 * 1024;

/** Lambda's bandwidth cap for the part of a streamed response past the first 6 MB, in bytes per second. */
export const CAPPED_STREAM_BYTES_PER_SECOND = 2 * 1024 * 1024;

/** What the user should know about a stream of this size that the local runtime does not reproduce. */
export function streamLimitWarnings(bytes: number): string[] {
  if (bytes <= UNCAPPED_STREAM_BYTES) return [];
  const capped = bytes - UNCAPPED_STREAM_BYTES;
  const seconds = capped / CAPPED_STREAM_BYTES_PER_SECOND;
  return [
    `the response streamed ${bytes} bytes: Lambda sends the first 6 MB at full speed and the remaining ${capped} bytes at up to 2 MB/s ` +
      `(about ${seconds.toFixed(1)} s more on AWS); the local runtime does not throttle it`,
  ];
}
