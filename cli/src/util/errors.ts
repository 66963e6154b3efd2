/** Bad usage, config or input: printed as one line, exit code 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
}

/** A check or target could not run (unreachable server, database failed to start): exit code 3. */
export class RunError extends Error {
  readonly exitCode = 3;
}

export const EXIT = { pass: 0, fail: 1, usage: 2, error: 3 } as const;
