/** Checks of the values Lambda constrains, shared by every template format. Each answers a message or undefined. */

/** Runtimes Lambda accepts for new functions. */
export const SUPPORTED_RUNTIMES = [
  'nodejs18.x',
  'nodejs20.x',
  'nodejs22.x',
  'nodejs24.x',
  'python3.9',
  'python3.10',
  'python3.11',
  'python3.12',
  'python3.13',
  'python3.14',
  'java8.al2',
  'java11',
  'java17',
  'java21',
  'java25',
  'dotnet8',
  'dotnet9',
  'dotnet10',
  'ruby3.2',
  'ruby3.3',
  'ruby3.4',
  'provided.al2',
  'provided.al2023',
];

/** Runtimes Lambda has deprecated: they still parse, but new functions cannot use them. */
export const DEPRECATED_RUNTIMES = [
  'nodejs',
  'nodejs4.3',
  'nodejs6.10',
  'nodejs8.10',
  'nodejs10.x',
  'nodejs12.x',
  'nodejs14.x',
  'nodejs16.x',
  'python2.7',
  'python3.6',
  'python3.7',
  'python3.8',
  'java8',
  'dotnetcore1.0',
  'dotnetcore2.0',
  'dotnetcore2.1',
  'dotnetcore3.1',
  'dotnet6',
  'dotnet7',
  'ruby2.5',
  'ruby2.7',
  'go1.x',
  'provided',
];

export function checkRuntime(runtime: string): string | undefined {
  if (SUPPORTED_RUNTIMES.includes(runtime)) return undefined;
  if (DEPRECATED_RUNTIMES.includes(runtime))
    return `Runtime ${runtime} is deprecated: Lambda no longer creates functions with it`;
  return `Unknown runtime "${runtime}" (expected one of ${SUPPORTED_RUNTIMES.join(', ')})`;
}

export const MEMORY_RANGE = { min: 128, max: 10240 };
export const TIMEOUT_RANGE = { min: 1, max: 900 };

export function checkMemory(value: number): string | undefined {
  if (!Number.isInteger(value)) return `MemorySize must be a whole number of MB, got ${value}`;
  if (value < MEMORY_RANGE.min || value > MEMORY_RANGE.max) {
    return `MemorySize ${value} MB is outside Lambda's range of ${MEMORY_RANGE.min} to ${MEMORY_RANGE.max} MB`;
  }
  return undefined;
}

export function checkTimeout(value: number): string | undefined {
  if (!Number.isInteger(value)) return `Timeout must be a whole number of seconds, got ${value}`;
  if (value < TIMEOUT_RANGE.min || value > TIMEOUT_RANGE.max) {
    return `Timeout ${value} s is outside Lambda's range of ${TIMEOUT_RANGE.min} to ${TIMEOUT_RANGE.max} seconds`;
  }
  return undefined;
}

/** Parses a number written in a template (YAML may give a string); NaN when it is not one. */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return Number.NaN;
}
