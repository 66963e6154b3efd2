import { describe, expect, it } from 'vitest';
import { ApiError } from './api.ts';
import { createQueryClient, shouldRetry } from './query-client.ts';

describe('query client', () => {
  it("follows the standards' retry rule: never a 404 (nor a 401), anything else up to 3 times", () => {
    expect(shouldRetry(0, new ApiError(404, 'not found'))).toBe(false);
    expect(shouldRetry(0, new ApiError(401, 'unauthorized'))).toBe(false);
    expect(shouldRetry(0, new ApiError(503, 'unavailable'))).toBe(true);
    expect(shouldRetry(2, new TypeError('Failed to fetch'))).toBe(true);
    expect(shouldRetry(3, new ApiError(500, 'boom'))).toBe(false);
  });

  it("uses the standards' caching: 5 min fresh, 10 min kept, no refetch on focus, refetch on reconnect, no mutation retry", () => {
    const options = createQueryClient().getDefaultOptions();
    expect(options.queries).toMatchObject({ staleTime: 300_000, gcTime: 600_000, refetchOnWindowFocus: false, refetchOnReconnect: true, retry: shouldRetry });
    expect(options.mutations?.retry).toBe(false);
  });
});
