/**
 * Dates PayPass accepts from outside: real calendar days in years PostgreSQL and JavaScript agree on.
 * JavaScript's Date.parse takes 2024-02-30 (it rolls over to March) and year 0, which PostgreSQL refuses
 * ("date/time field value out of range"), so a date is checked here, field by field, before any query sees it.
 */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 9999;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?Z$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

function isRealDay(year: number, month: number, day: number): boolean {
  return year >= FIRST_YEAR && year <= LAST_YEAR && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** `YYYY-MM-DD`, a day that exists, in FIRST_YEAR..LAST_YEAR. */
export function isRealDate(value: string): boolean {
  const m = DATE.exec(value);
  return m !== null && isRealDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** `YYYY-MM-DDTHH:MM:SS[.ffffff]Z` (UTC, at most microseconds), a moment that exists, in FIRST_YEAR..LAST_YEAR. */
export function isRealTimestamp(value: string): boolean {
  const m = TIMESTAMP.exec(value);
  return m !== null && isRealDay(Number(m[1]), Number(m[2]), Number(m[3])) && Number(m[4]) <= 23 && Number(m[5]) <= 59 && Number(m[6]) <= 59;
}
