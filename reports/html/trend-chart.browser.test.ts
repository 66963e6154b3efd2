// The report's trend charts in Debian's headless chromium, on a desktop and a phone: the page does not widen, the
// geometry of the width is the one shown, and every change point's label lies inside its chart.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyRuns } from '../../cli/test/history-runs.ts';
import { historyOf } from '../../cli/test/history-fixture.ts';
import { renderHtml } from './index.ts';
import { openTestBrowser, type TestBrowser } from './test-browser.ts';

/** A +20 % step, and a history of three shifts close together near its end (labels that must share the room). */
function reports(): Record<string, string> {
  const step = historyRuns({ count: 25, stepAt: 14, step: 0.2 });
  const crowded = historyRuns({
    count: 30,
    noise: 0.01,
    steps: [
      [21, 0.3],
      [24, 0.3],
      [27, -0.3],
    ],
  });
  return {
    step: renderHtml(step.at(-1)!, { history: historyOf(step, { baselines: [{ name: 'main', runId: step[20]!.id }] }) }),
    crowded: renderHtml(crowded.at(-1)!, { history: historyOf(crowded) }),
  };
}

describe('trend charts in a browser', () => {
  let browser: Browser;
  let dir: string;
  let opened: TestBrowser | undefined;
  let missing: Error | undefined;

  beforeAll(async () => {
    opened = await openTestBrowser();
    if (opened.missing) {
      missing = opened.missing;
      return;
    }
    browser = opened.browser;
    dir = mkdtempSync(join(tmpdir(), 'perfgate-trend-'));
    for (const [name, html] of Object.entries(reports())) writeFileSync(join(dir, `${name}.html`), html);
  });

  afterAll(async () => {
    await opened?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const name of ['step', 'crowded']) {
    for (const width of [1280, 390]) {
      for (const scheme of ['light', 'dark'] as const) {
        it(`${name} fits ${width}px (${scheme})`, async () => {
          if (missing) throw missing;
          const page = await browser.newPage();
          try {
            await page.setViewport({ width, height: 900 });
            await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
            await page.goto(pathToFileURL(join(dir, `${name}.html`)).href, { waitUntil: 'load' });
            const m = await page.evaluate(() => {
              const shown = [...document.querySelectorAll('figure.trend svg')].filter((el) => el.getBoundingClientRect().width > 0);
              const outside = shown.flatMap((svg) => {
                const box = svg.getBoundingClientRect();
                return [...svg.querySelectorAll('.tr-cp text')]
                  .map((t) => t.getBoundingClientRect())
                  .filter((r) => r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1)
                  .map((r) => `${Math.round(r.left)}–${Math.round(r.right)} of ${Math.round(box.left)}–${Math.round(box.right)}`);
              });
              // Labels on one row must not overlap.
              const overlaps = shown.flatMap((svg) => {
                const boxes = [...svg.querySelectorAll('.tr-cp text')].map((t) => t.getBoundingClientRect());
                return boxes.flatMap((a, i) =>
                  boxes
                    .slice(i + 1)
                    .filter((b) => Math.abs(a.top - b.top) < 2 && a.right > b.left && b.right > a.left)
                    .map(() => i),
                );
              });
              return {
                scrollWidth: document.documentElement.scrollWidth,
                innerWidth: window.innerWidth,
                shown: [...new Set(shown.map((el) => el.getAttribute('class')))],
                labels: shown.reduce((n, svg) => n + svg.querySelectorAll('.tr-cp text').length, 0),
                outside,
                overlaps,
              };
            });
            expect(m.scrollWidth).toBeLessThanOrEqual(m.innerWidth);
            expect(m.shown).toEqual([width > 720 ? 'wide' : 'narrow']);
            expect(m.labels).toBe(name === 'step' ? 1 : 3);
            expect(m.outside).toEqual([]);
            expect(m.overlaps).toEqual([]);
          } finally {
            await page.close();
          }
        });
      }
    }
  }
});
