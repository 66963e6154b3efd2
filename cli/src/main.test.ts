import { describe, expect, it } from 'vitest';
import { runMain } from '../test/bad-input/run-main.ts';
import { oneLine as printable } from './util/errors.ts';

describe('main: every error is one line', () => {
  it('puts commander\'s "Did you mean" on the line of the error', async () => {
    const r = await runMain(['run', '--rounds0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: unknown option '--rounds0' (Did you mean --rounds?)\n");
  });

  it('keeps a value with newlines in it on one line', async () => {
    const r = await runMain(['run', '--rounds', '1\n2\r\n3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: option '--rounds <n>' argument '1 2 3' is invalid. --rounds expects a positive integer up to 1,000, got "1 2 3"\n`);
    const choice = await runMain(['run', '--form-factor', 'tablet\nmobile']);
    expect(choice.code).toBe(2);
    expect(choice.stderr).toBe("error: option '--form-factor <kind>' argument 'tablet mobile' is invalid. Allowed choices are mobile, desktop, both.\n");
  });

  it('keeps a PerfgateError naming a value with newlines on one line', async () => {
    const r = await runMain(['run', '--url', 'not\na url', '--only', 'load', '--budgets', 'no\nsuch.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('perfgate: budget file no such.yaml: does not exist\n');
  });

  it('turns line breaks, escapes and other control characters into spaces', () => {
    expect(printable('a\nb\r\nc\u2028d\u0085e\u001b[31mf\t')).toBe('a b c d e [31mf');
  });
});
