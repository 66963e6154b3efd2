import { describe, expect, it } from 'vitest';
import { describeEnvironment, environmentDifferences } from './environment.ts';

describe('environment', () => {
  it('records the engines its checks found on the machine beside the versions of the packages they declare', () => {
    const env = describeEnvironment([{ id: 'explain', title: 'x', status: 'ok', durationMs: 1, engines: { postgresql: '15.19' } }], ['lighthouse', 'hdr-histogram-js']);
    expect(env.engines).toMatchObject({ postgresql: '15.19', lighthouse: '12.2.3' });
    expect(env.engines['hdr-histogram-js']).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('names an engine whose version differs, but not one only one run used', () => {
    const a = describeEnvironment([{ id: 'explain', title: 'x', status: 'ok', durationMs: 1, engines: { postgresql: '15.19' } }]);
    const b = { ...a, engines: { ...a.engines, postgresql: '16.4', chromium: '156.0.1.2' } };
    expect(environmentDifferences(a, b)).toEqual(['postgresql (16.4 vs 15.19)']);
  });
});
