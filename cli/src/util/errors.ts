/**
 * perfgate's one error type: a stable code (for scripts and tests), the exit code it maps to, the one-line
 * message and, where there is one, a suggested fix — size-limit's `MESSAGES` idea.
 * Exit codes: 2 bad usage, config or input file · 3 a check or target could not run.
 */
export const ERROR_CODES = {
  BAD_FLAG: { exit: 2, hint: 'perfgate <command> --help lists the flags' },
  BAD_FILE: { exit: 2, hint: undefined },
  BAD_CONFIG: { exit: 2, hint: 'every flag of `perfgate run` may appear in the config file; flags win' },
  BAD_BUDGET: { exit: 2, hint: 'budgets/budget.schema.json describes a budget file' },
  BAD_SCENARIO: { exit: 2, hint: undefined },
  BAD_QUERIES: { exit: 2, hint: undefined },
  BAD_SETTINGS: { exit: 2, hint: undefined },
  BAD_RESULT: { exit: 2, hint: undefined },
  BAD_OUT_DIR: { exit: 2, hint: undefined },
  UNKNOWN_RUN: { exit: 2, hint: 'perfgate baseline list shows the stored baselines' },
  MISSING_INPUT: { exit: 2, hint: undefined },
  NOTHING_TO_RUN: { exit: 2, hint: undefined },
  NOTHING_TO_COMPARE: { exit: 2, hint: undefined },
  FOREIGN_DATABASE: { exit: 2, hint: undefined },
  TARGET_UNREACHABLE: { exit: 3, hint: undefined },
  TARGET_FAILED: { exit: 3, hint: undefined },
  CHECK_FAILED: { exit: 3, hint: undefined },
  UNEXPECTED: { exit: 3, hint: 'PERFGATE_DEBUG=1 prints the stack' },
} as const satisfies Record<string, { exit: 2 | 3; hint: string | undefined }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class PerfgateError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: 2 | 3;
  readonly hint?: string;

  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(oneLine(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PerfgateError';
    this.code = code;
    this.exitCode = ERROR_CODES[code].exit;
    this.hint = options.hint ?? ERROR_CODES[code].hint;
  }
}

/** Bad usage, config or input (exit 2). */
export function usageError(code: ErrorCode, message: string, hint?: string): PerfgateError {
  return new PerfgateError(code, message, { hint });
}

/** A check or target could not run (exit 3). */
export function runError(message: string, code: ErrorCode = 'CHECK_FAILED'): PerfgateError {
  return new PerfgateError(code, message);
}

export function isPerfgateError(error: unknown): error is PerfgateError {
  return error instanceof PerfgateError;
}

/** The first line of any thrown value's message: what one-line errors and `error` verdicts show. */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : safeString(error);
  return oneLine(message.split(/\r?\n|\r/)[0] ?? message);
}

/**
 * One line, whatever the text holds: line breaks (also Unicode's), tabs, escape sequences and other control
 * characters, all of which may come from a user's value, become single spaces.
 */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return 'an unprintable value';
  }
}

export const EXIT = { pass: 0, fail: 1, usage: 2, error: 3, interrupted: 130, terminated: 143 } as const;
