import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../../test/local-service.ts';
import { alertsOf } from './alert.ts';
import { failingRun } from './fixtures/runs.ts';
import { notifySinks } from './notify.ts';
import { admit, recordSent, type SentLog } from './suppression.ts';

const at = (minutes: number) => new Date(Date.UTC(2026, 2, 1, 8, 0, 0) + minutes * 60_000);

describe('suppression: at most 3 alerts of one kind per 5 minutes', () => {
  it('holds back the 4th alert of a kind within 5 minutes, and lets it through once the first has aged out', () => {
    const sent: SentLog = {};
    const [alert] = alertsOf(failingRun().verdicts);
    for (const minute of [0, 1, 2]) {
      expect(admit(sent, 'webhook#1', [alert!], at(minute)).allowed).toEqual([alert]);
      recordSent(sent, 'webhook#1', [alert!], at(minute));
    }
    expect(admit(sent, 'webhook#1', [alert!], at(4.9))).toEqual({ allowed: [], suppressed: [alert] });
    // Another sink, or another alert key, is another kind.
    expect(admit(sent, 'slack#2', [alert!], at(4.9)).allowed).toEqual([alert]);
    expect(admit(sent, 'webhook#1', alertsOf(failingRun().verdicts).slice(1), at(4.9)).suppressed).toEqual([]);
    expect(admit(sent, 'webhook#1', [alert!], at(5.01)).allowed).toEqual([alert]);
  });

  it('forgets what is older than the window', () => {
    const sent: SentLog = { 'webhook#1 old': [at(0).toISOString()] };
    recordSent(sent, 'webhook#1', alertsOf(failingRun().verdicts).slice(0, 1), at(6));
    expect(sent).toEqual({ 'webhook#1 budget|load|latency.p95|POST /payments': [at(6).toISOString()] });
  });
});

// Each notifySinks call reads and writes .perfgate/alerts-state.json, as two separate perfgate runs would.
describe('suppression kept across runs in alerts-state.json', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => (receiver = await startReceiver()));
  afterAll(() => receiver?.close());

  it('suppresses the 4th run within 5 minutes, and says so in one line', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'perfgate-alerts-'));
    const lines: string[] = [];
    const notify = (minute: number) =>
      notifySinks(failingRun(`run-${minute}`), [{ kind: 'webhook', url: receiver.url }], {
        stateDir,
        target: '127.0.0.1:8080',
        markdown: '',
        log: (line) => lines.push(line),
        annotate: () => undefined,
        now: at(minute),
      });
    for (const minute of [0, 1, 2]) await notify(minute);
    expect(receiver.requests).toHaveLength(3);
    expect(lines).toEqual(Array(3).fill('alerts: webhook: posted 3 alerts'));

    await notify(3);
    expect(receiver.requests).toHaveLength(3);
    expect(lines.at(-1)).toBe('alerts: webhook: 3 alerts held back (at most 3 of a kind per 5 minutes)');
    const state = JSON.parse(await readFile(join(stateDir, 'alerts-state.json'), 'utf8'));
    expect(Object.values(state.sent)).toEqual(Array(3).fill([at(0), at(1), at(2)].map((d) => d.toISOString())));

    await notify(5.5);
    expect(receiver.requests).toHaveLength(4);
  });
});
