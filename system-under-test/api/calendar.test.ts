import { describe, expect, it } from 'vitest';
import { isRealDate, isRealTimestamp } from './calendar.ts';

describe('calendar', () => {
  it('takes real days only, leap years included, in the years 1900-9999', () => {
    for (const day of ['2024-02-29', '2000-02-29', '1900-01-01', '9999-12-31', '2023-04-30']) expect(isRealDate(day), day).toBe(true);
    for (const day of [
      '2024-02-30',
      '2023-02-29',
      '1900-02-29',
      '2100-02-29',
      '2023-04-31',
      '2023-13-01',
      '2023-00-01',
      '2023-01-00',
      '0000-01-01',
      '1899-12-31',
      '10000-01-01',
      '2023-1-1',
      ' 2023-01-01',
      '2023-01-01T00:00:00Z',
    ]) {
      expect(isRealDate(day), day).toBe(false);
    }
  });

  it('takes UTC moments with at most microseconds, on real days and real clock times', () => {
    for (const t of ['2024-02-29T23:59:59.999999Z', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00.1Z']) expect(isRealTimestamp(t), t).toBe(true);
    for (const t of [
      '2024-02-30T00:00:00Z',
      '0000-01-01T00:00:00Z',
      '2025-01-01T24:00:00Z',
      '2025-01-01T23:60:00Z',
      '2025-01-01T23:59:60Z',
      '2025-01-01T00:00:00.1234567Z',
      '2025-01-01T00:00:00',
      '2025-01-01T00:00:00+01:00',
    ]) {
      expect(isRealTimestamp(t), t).toBe(false);
    }
  });
});
