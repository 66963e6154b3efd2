import { describe, expect, it } from 'vitest';
import { ERROR_CODES, PerfgateError, firstLine, runError, usageError } from './errors.ts';

describe('PerfgateError', () => {
  it("carries a stable code, the exit code it maps to and the code's hint", () => {
    const error = usageError('BAD_BUDGET', 'budget file b.yaml: rules[0].max: expected number');
    expect(error).toMatchObject({ code: 'BAD_BUDGET', exitCode: 2, hint: ERROR_CODES.BAD_BUDGET.hint });
    expect(runError('target down', 'TARGET_UNREACHABLE')).toMatchObject({ code: 'TARGET_UNREACHABLE', exitCode: 3 });
    expect(runError('query failed')).toMatchObject({ code: 'CHECK_FAILED', exitCode: 3 });
  });

  it('keeps its message on one line whatever the value inside it held', () => {
    const error = new PerfgateError('BAD_FLAG', '--url "http://x\n\rinjected": not a valid URL');
    expect(error.message).toBe('--url "http://x injected": not a valid URL');
  });

  it('firstLine takes the first line of anything thrown, even a value without a usable toString', () => {
    expect(firstLine(new Error('one\ntwo'))).toBe('one');
    expect(firstLine('plain\r\nsecond')).toBe('plain');
    expect(firstLine(Object.create(null))).toBe('an unprintable value');
  });
});
