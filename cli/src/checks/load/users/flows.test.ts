import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShop } from '../../../../test/fixtures/flows/shop-server.ts';
import type { Measurement } from '../../../model/index.ts';
import { loadScenario } from '../load-scenario.ts';
import { LoadSession } from '../load-session.ts';
import type { Scenario } from '../scenario.ts';

const SCENARIO = 'cli/test/fixtures/flows/shop.scenario.ts';

// Virtual users with their own sessions run weighted flows through stages; an order is timed until its message
// arrives on the buyer's WebSocket. Both on generator threads (the scenario's functions imported from its file)
// and on this thread (a scenario held only in memory).
describe.each([
  ['on generator threads', (s: Scenario) => s],
  ['in memory', (s: Scenario) => ({ ...s, sourceFile: undefined })],
])('flows %s', (_how, variant) => {
  let shop: Awaited<ReturnType<typeof startShop>>;
  let measurements: Measurement[];
  let session: LoadSession;
  beforeAll(async () => {
    shop = await startShop(50);
    session = new LoadSession(variant(await loadScenario(SCENARIO)), { baseUrl: shop.url, credentials: [] }, new AbortController().signal);
    await session.setup();
    for (let round = 0; round < 2; round++) await session.round();
    await session.close();
    measurements = session.measurements();
  }, 60_000);
  afterAll(() => shop?.close());

  const find = (subject: string, metric: string) => measurements.find((m) => m.subject === subject && m.metric === metric);

  it('logs every user in once and holds one WebSocket each', () => {
    expect(shop.logins()).toBe(20);
    expect(find('websocket connect', 'errors.ratio')?.value).toBe(0);
    expect(find('websocket connect', 'latency.p50')?.value).toBeGreaterThan(0);
  });

  it('measures each step per endpoint, in the flows’ proportions, without errors', () => {
    const browse = find('GET /items', 'throughput.rps')!.value;
    const buy = find('POST /orders', 'throughput.rps')!.value;
    expect(browse).toBeGreaterThan(50);
    // Weights 3 : 1, over hundreds of picks.
    expect(browse / buy).toBeGreaterThan(2);
    expect(browse / buy).toBeLessThan(4.5);
    expect(find('GET /items', 'errors.ratio')?.value).toBe(0);
    expect(find('POST /orders', 'errors.ratio')?.value).toBe(0);
  });

  it('times an order until its message arrives: the server settles it 50 ms later', () => {
    const p50 = find('order done', 'latency.p50')!.value;
    expect(p50).toBeGreaterThanOrEqual(50);
    expect(p50).toBeLessThan(90);
    expect(find('order done', 'errors.ratio')?.value).toBe(0);
    expect(find('order done', 'throughput.rps')!.value).toBeCloseTo(find('POST /orders', 'throughput.rps')!.value, 0);
  });

  it('measures per stage, and the steady stage carries more load than the ramps', () => {
    const rate = (stage: string) => find(`GET /items @ ${stage}`, 'throughput.rps')!.value;
    expect(rate('steady')).toBeGreaterThan(rate('ramp-up'));
    expect(rate('steady')).toBeGreaterThan(rate('ramp-down'));
    expect(find('GET /items @ steady', 'latency.p95')?.samples).toHaveLength(2);
  });

  it('draws each subject over time, stages marked', () => {
    const timeline = session.timelines().find((t) => t.subject === 'GET /items')!;
    expect(timeline.stages.map((s) => s.name)).toEqual(['ramp-up', 'steady', 'ramp-down']);
    expect(timeline.points.length).toBeGreaterThanOrEqual(3);
    expect(timeline.points.some((p) => p.rps > 0 && p.p95 !== undefined)).toBe(true);
  });
});
