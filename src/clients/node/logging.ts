import { writeSync } from 'node:fs';
import { format } from 'node:util';

type Level = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
const LEVELS: Level[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

/**
 * Replaces console's methods with Lambda's log format: `<ISO time>\t<request id>\t<LEVEL>\t<message>` in the text
 * format (inner newlines become '\r' so one message is one log event), or one JSON object per message when
 * AWS_LAMBDA_LOG_FORMAT is JSON (with AWS_LAMBDA_LOG_LEVEL filtering, as Lambda applies it there).
 */
export function installLambdaConsole(): { setRequestId(id: string | undefined): void; error(message: string): void } {
  let requestId: string | undefined;
  const json = process.env.AWS_LAMBDA_LOG_FORMAT === 'JSON';
  const minimum = json
    ? Math.max(0, LEVELS.indexOf((process.env.AWS_LAMBDA_LOG_LEVEL ?? 'TRACE').toUpperCase() as Level))
    : 0;
  const write = (level: Level, args: unknown[]) => {
    if (LEVELS.indexOf(level) < minimum) return;
    const message = format(...args);
    const timestamp = new Date().toISOString();
    const line = json
      ? JSON.stringify({ timestamp, level, requestId, message })
      : `${timestamp}\t${requestId}\t${level}\t${message.replace(/\n/g, '\r')}`;
    writeLine(line);
  };
  const methods: Array<[keyof Console, Level]> = [
    ['log', 'INFO'],
    ['info', 'INFO'],
    ['warn', 'WARN'],
    ['error', 'ERROR'],
    ['debug', 'DEBUG'],
    ['trace', 'TRACE'],
  ];
  for (const [method, level] of methods) {
    (console as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => write(level, args);
  }
  (console as unknown as Record<string, unknown>).fatal = (...args: unknown[]) => write('FATAL', args);
  return {
    setRequestId: (id) => (requestId = id),
    error: (message) => write('ERROR', [message]),
  };
}

/**
 * Writes one log line to fd 1 synchronously, so it is in the pipe before the response is posted. Going straight to
 * the descriptor also spares the first log of a cold start the cost of creating process.stdout; a descriptor that
 * is non-blocking and full falls back to the stream, which queues.
 */
function writeLine(line: string): void {
  const bytes = Buffer.from(line + '\n');
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(1, bytes, written);
  } catch {
    // EAGAIN on a full pipe: the stream queues the rest instead.
    process.stdout.write(bytes.subarray(written));
  }
}
