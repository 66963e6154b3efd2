import { describe, expect, it } from 'vitest';
import { autoLanes, dealRounds, parseCpuList, shareCpus } from './lanes.ts';
import { lighthouseSettings } from './settings-source.ts';

describe('lighthouse lanes', () => {
  it('reads the CPU list taskset prints', () => {
    expect(parseCpuList('0,1')).toEqual([0, 1]);
    expect(parseCpuList(' 0-2,5\n')).toEqual([0, 1, 2, 5]);
    expect(parseCpuList('')).toEqual([]);
  });

  it('deals rounds in turn, so every lane measures every subject', () => {
    expect(dealRounds(5, 2)).toEqual([
      [1, 3, 5],
      [2, 4],
    ]);
    expect(dealRounds(5, 1)).toEqual([[1, 2, 3, 4, 5]]);
    expect(dealRounds(2, 4)).toEqual([[1], [2]]); // never a lane with nothing to do
  });

  it('gives each lane an equal share of consecutive CPUs', () => {
    expect(shareCpus([0, 1, 2, 3], 2)).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(shareCpus([0, 1, 2], 2)).toEqual([[0], [1]]);
  });

  it('picks one lane per two CPUs it may pin to, one where it can pin nothing', () => {
    expect(autoLanes([])).toBe(1);
    expect(autoLanes([0])).toBe(1);
    expect(autoLanes([0, 1])).toBe(1);
  });

  it("takes --lighthouse-lanes (or the config's lighthouse.lanes) into the settings", async () => {
    const source = { paypass: false, baseline: false, target: {}, where: (o: string) => o, packagePath: (p: string) => p, log: () => undefined };
    expect(await lighthouseSettings({ ...source, options: { lighthouseLanes: 2 } })).toMatchObject({ lanes: 2 });
    expect(await lighthouseSettings({ ...source, options: {} })).not.toHaveProperty('lanes');
  });
});
