// Types of scripts/freePort.mjs, for the TypeScript tests and benches.

/** Resolves to a TCP port that was free on 127.0.0.1 a moment ago (the OS picks it). */
export declare function freePort(): Promise<number>;
