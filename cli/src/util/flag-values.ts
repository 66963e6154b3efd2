// Parsers of flag values shared by commands and by the options checks declare: each bad value is a commander
// InvalidArgumentError, printed as one line naming the flag.
import { InvalidArgumentError } from 'commander';
import { usageError } from './errors.ts';

// Number('') is 0 and Number(' 5 ') is 5: only plain decimal notation counts as a number here.
const NUMERIC = /^[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const upTo = (max: number) => (Number.isFinite(max) ? ` up to ${max.toLocaleString('en-US')}` : '');

export function positiveInt(flag: string, max = Infinity) {
  return (value: string): number => {
    const n = NUMERIC.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(n) || n <= 0 || n > max) throw new InvalidArgumentError(`${flag} expects a positive integer${upTo(max)}, got "${value}"`);
    return n;
  };
}

export function positiveNumber(flag: string, max = Infinity) {
  return (value: string): number => {
    const n = NUMERIC.test(value) ? Number(value) : NaN;
    if (!Number.isFinite(n) || n <= 0 || n > max) throw new InvalidArgumentError(`${flag} expects a positive number${upTo(max)}, got "${value}"`);
    return n;
  };
}

export function nonNegativeNumber(flag: string, max = Infinity) {
  return (value: string): number => {
    const n = NUMERIC.test(value) ? Number(value) : NaN;
    if (!Number.isFinite(n) || n < 0 || n > max) throw new InvalidArgumentError(`${flag} expects a number ≥ 0${upTo(max)}, got "${value}"`);
    return n;
  };
}

/** `--pages /,/about`: a non-empty list of paths, each starting with / and fit for a URL (no spaces or control characters). */
export function pathList(flag: string) {
  return (value: string): string[] => {
    const paths = value
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const bad = paths.find((p) => !p.startsWith('/') || /[\s\p{Cc}]/u.test(p));
    if (paths.length === 0 || bad !== undefined)
      throw new InvalidArgumentError(`${flag} expects comma-separated paths starting with /, without spaces (percent-encode them as %20), got "${bad ?? value}"`);
    return paths;
  };
}

/** `--only load,bundle`: every name must be one of `ids`. */
export function checkNames(flag: string, ids: readonly string[]) {
  return (value: string): string[] => {
    const names = value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = names.find((id) => !ids.includes(id));
    if (unknown !== undefined || names.length === 0) {
      throw new InvalidArgumentError(`${flag} expects check names from ${ids.join(', ')}, got "${unknown ?? value}"`);
    }
    return names;
  };
}

/** A PostgreSQL connection URL, checked before anything connects. */
export function postgresUrl(flag: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usageError('BAD_FLAG', `${flag} expects a PostgreSQL URL like postgres://user@host:5432/db, got "${value}"`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw usageError('BAD_FLAG', `${flag} expects a postgres:// or postgresql:// URL, got "${url.protocol}//…"`);
  }
  return value;
}
