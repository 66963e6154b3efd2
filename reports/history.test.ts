import { describe, expect, it } from 'vitest';
import { historyRuns, shaOf } from '../cli/test/history-runs.ts';
import { historyOf } from '../cli/test/history-fixture.ts';
import { renderHistoryText } from './history.ts';
import { absorbedText, changePointText, shiftSize, worseWord } from './history-wording.ts';
import { sparkline } from './sparkline.ts';

const runs = historyRuns({ count: 25, stepAt: 14, step: 0.2 });
const history = historyOf(runs, { baselines: [{ name: 'main', runId: runs[22]!.id }] });
const payments = history.series.find((s) => s.metric === 'latency.p95' && s.subject === 'GET /payments')!;

describe('sparkline', () => {
  it('one block a value, a space for a run without one', () => {
    expect(sparkline([1, 2, undefined, 8])).toBe('▁▂ █');
  });

  it('keeps a few percent of noise low, so a step stands out', () => {
    const flat = sparkline([100, 102, 99, 101, 100, 98]);
    expect([...flat].every((c) => '▁▂▃'.includes(c))).toBe(true);
  });

  it('nothing known, nothing drawn', () => {
    expect(sparkline([undefined, undefined])).toBe('  ');
  });
});

describe('history wording', () => {
  it('a change point: its shift with the interval, p, sha, run and the levels either side', () => {
    const cp = payments.changePoints[0]!;
    expect(changePointText(cp, payments)).toMatch(/^\+\d+\.\d% \[\+\d+\.\d%, \+\d+\.\d%\] \(p<0\.001\) at a1c1aee, run 20261115-080000-00000e: \d+(\.\d)?ms → \d+(\.\d)?ms$/);
  });

  it('an absorbed regression: how much worse than how many runs ago, where it shifted, which baselines hold it', () => {
    expect(absorbedText(payments)).toMatch(
      /^now \+\d+\.\d% \[\+\d+\.\d%, \+\d+\.\d%\] slower than 11 runs ago \(p<0\.001, beyond the ±5\.0% tolerance\), shifted at a1c1aee \(run 20261115-080000-00000e\); baseline "main" was saved since/,
    );
  });

  it('worse is slower for times, larger for bytes, lower for what is better higher', () => {
    expect(worseWord({ unit: 'ms', better: 'lower' })).toBe('slower');
    expect(worseWord({ unit: 'bytes', better: 'lower' })).toBe('larger');
    expect(worseWord({ unit: 'rps', better: 'higher' })).toBe('lower');
  });

  it('a shift from 0 is told in the unit, with its interval', () => {
    const cp = { ...payments.changePoints[0]!, change: undefined, ci: undefined, difference: 0.02, differenceCi: [0.015, 0.025] as [number, number] };
    expect(shiftSize(cp, { unit: 'ratio' })).toBe('+2% [+1.5%, +2.5%]');
  });
});

describe('renderHistoryText', () => {
  const text = renderHistoryText(history, { source: '.perfgate/runs' });

  it('heads with the runs, their dates and the method', () => {
    expect(text.split('\n')[0]).toBe('perfgate history: 25 runs, 2026-11-01 08:00 UTC → 2026-11-25 08:00 UTC (.perfgate/runs)');
    expect(text).toContain('p < 0.001 corrected for the choice of split');
  });

  it('a trend line per metric, the change point and the absorbed regression beneath it', () => {
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.startsWith('load latency.p95 GET /payments'));
    expect(lines[at]).toMatch(/[▁▂▃▄]{14}[▆▇█]{11}\s+\d+(\.\d)?ms → \d+(\.\d)?ms\s+25 runs, 1 change point$/);
    expect(lines[at + 1]).toMatch(/^ {4}▲ worse {2}\+\d+\.\d% \[/);
    expect(lines[at + 2]).toMatch(/^ {4}! absorbed regression: now \+/);
    expect(text).toMatch(/load latency\.p95 GET \/health .* 25 runs, no change point\n/);
  });

  it("tables each run's value with its sha and id, marking the first run at the new level", () => {
    const row15 = text.split('\n').find((l) => l.trimStart().startsWith('15 '))!;
    expect(row15).toContain(shaOf(14).slice(0, 7));
    expect(row15).toContain(runs[14]!.id);
    expect(row15).toMatch(/ ms ◆/);
    expect(text).toContain('◆ first run at a new level (a change point)');
  });

  it('without the table when more series than columns are shown', () => {
    expect(renderHistoryText(history, { valueColumns: 2 })).toContain("each run's value: narrow it to 2 series or fewer");
  });

  it('names runs it could not read', () => {
    expect(renderHistoryText({ ...history, unreadable: [{ file: 'runs/x/result.json', reason: 'not valid JSON' }] })).toContain(
      'note: left out runs/x/result.json: not valid JSON',
    );
  });
});
