/** Money is integer minor units. pg returns BIGINT as a string: convert without ever going through a float. */
export function toMinorUnits(value: string | number | bigint): number {
  const big = typeof value === 'bigint' ? value : typeof value === 'number' ? numberToBigInt(value) : stringToBigInt(value);
  if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`amount ${big} is beyond Number.MAX_SAFE_INTEGER`);
  }
  return Number(big);
}

function numberToBigInt(value: number): bigint {
  if (!Number.isSafeInteger(value)) throw new RangeError(`amount ${value} is not a safe integer`);
  return BigInt(value);
}

function stringToBigInt(value: string): bigint {
  if (!/^-?\d+$/.test(value)) throw new RangeError(`amount "${value}" is not an integer`);
  return BigInt(value);
}

export const SUPPORTED_CURRENCIES = ['USD', 'EUR', 'GBP'] as const;
export type Currency = (typeof SUPPORTED_CURRENCIES)[number];
