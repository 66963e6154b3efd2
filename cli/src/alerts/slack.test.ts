import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../../test/local-service.ts';
import { failingRun } from './fixtures/runs.ts';
import { notifySinks } from './notify.ts';

// A real HTTP receiver on loopback stands in for Slack's incoming webhook.
describe('slack sink', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => (receiver = await startReceiver()));
  afterAll(() => receiver?.close());

  it('posts text for notifications and blocks listing each alert, markup escaped', async () => {
    const run = failingRun();
    run.verdicts[0]!.subject = 'POST /a<b>&c';
    const lines: string[] = [];
    const stateDir = await mkdtemp(join(tmpdir(), 'perfgate-alerts-'));
    await notifySinks(run, [{ kind: 'slack', url: `${receiver.url}/services/T000/B000/XXXX` }], {
      stateDir,
      target: '127.0.0.1:8080',
      markdown: '',
      log: (line) => lines.push(line),
      annotate: () => undefined,
    });
    expect(lines).toEqual(['alerts: slack: posted 3 alerts']);
    const payload = JSON.parse(receiver.requests.at(-1)!.body);
    expect(payload.text).toBe('perfgate: FAIL on 127.0.0.1:8080 at 4e1d0c2b: 2 budgets failed, 1 regression');
    expect(payload.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '*perfgate: FAIL on 127.0.0.1:8080 at 4e1d0c2b: 2 budgets failed, 1 regression*' } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: [
            '• *FAIL* load latency.p95 POST /a&lt;b&gt;&amp;c: 234.6 ms exceeds max 200 ms',
            '• *WARN* load latency.p99 GET /payments/:id: 109.8 ms exceeds max 100 ms',
            '• *REGRESSED* load latency.p95 GET /payments: regressed +13.2% [+9.8%, +16.5%] against baseline run run-base (p=0.001)',
          ].join('\n'),
        },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'run run-failing' }] },
    ]);
  });
});
