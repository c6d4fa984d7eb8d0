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
  const minimum = json ? Math.max(0, LEVELS.indexOf((process.env.AWS_LAMBDA_LOG_LEVEL ?? 'TRACE').toUpperCase() as Level)) : 0;
  const write = (level: Level, args: unknown[]) => {
    if (LEVELS.indexOf(level) < minimum) return;
    const message = format(...args);
    const timestamp = new Date().toISOString();
    const line = json
      ? JSON.stringify({ timestamp, level, requestId, message })
      : `${timestamp}\t${requestId}\t${level}\t${message.replace(/\n/g, '\r')}`;
    // Synchronous on pipes (Linux): the line is in the pipe before the response is posted.
    process.stdout.write(line + '\n');
  };
  const methods: Array<[keyof Console, Level]> = [
    ['log', 'INFO'], ['info', 'INFO'], ['warn', 'WARN'], ['error', 'ERROR'], ['debug', 'DEBUG'], ['trace', 'TRACE'],
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
