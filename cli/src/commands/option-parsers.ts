import { InvalidArgumentError } from 'commander';
import { CHECK_IDS } from '../checks/registry.ts';

export function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${flag} expects a positive integer, got "${value}"`);
    return n;
  };
}

export function positiveNumber(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${flag} expects a positive number, got "${value}"`);
    return n;
  };
}

export function nonNegativeNumber(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${flag} expects a number ≥ 0, got "${value}"`);
    return n;
  };
}

/** `--only load,bundle`: every name must be a known check. */
export function checkList(flag: string) {
  return (value: string): string[] => {
    const ids = value.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = ids.find((id) => !CHECK_IDS.includes(id));
    if (unknown !== undefined || ids.length === 0) {
      throw new InvalidArgumentError(`${flag} expects check names from ${CHECK_IDS.join(', ')}, got "${unknown ?? value}"`);
    }
    return ids;
  };
}
