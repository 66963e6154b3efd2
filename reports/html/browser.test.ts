// Opens the report in Debian's headless chromium and checks it fits a desktop and a phone.
// Fails (never skips) without chromium: install it with `apt-get install -y chromium`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTimelineResult, minimalResult, sampleResult } from '../fixtures/sample-result.ts';
import { renderHtml } from './index.ts';
import { openTestBrowser, type TestBrowser } from './test-browser.ts';

/** Long unbreakable names must wrap, not widen the page. */
function longNames() {
  const r = sampleResult();
  r.verdicts[0].subject = `GET /${'very-long-path-segment'.repeat(12)}`;
  r.measurements[0].subject = `GET /${'x'.repeat(300)}`;
  r.checks[0].settings = { ...r.checks[0].settings, headers: { authorization: 'Bearer '.padEnd(400, 'a') } };
  return r;
}

describe('report.html in a browser', () => {
  let browser: Browser;
  let dir: string;
  let opened: TestBrowser | undefined;
  // A missing browser fails every test below (vitest would only mark them skipped if beforeAll threw).
  let missing: Error | undefined;

  beforeAll(async () => {
    opened = await openTestBrowser();
    if (opened.missing) {
      missing = opened.missing;
      return;
    }
    browser = opened.browser;
    dir = mkdtempSync(join(tmpdir(), 'perfgate-html-'));
  });

  afterAll(async () => {
    await opened?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const [name, make] of [
    ['sample', sampleResult],
    ['minimal', minimalResult],
    ['long', longNames],
    ['timeline', loadTimelineResult],
  ] as const) {
    for (const width of [1280, 390]) {
      for (const scheme of ['light', 'dark'] as const) {
        it(`${name} fits ${width}px (${scheme})`, async () => {
          if (missing) throw missing;
          const file = join(dir, `${name}.html`);
          writeFileSync(file, renderHtml(make()));
          const page = await browser.newPage();
          try {
            await page.setViewport({ width, height: 900 });
            await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
            const external: string[] = [];
            await page.setRequestInterception(true);
            page.on('request', (req) => {
              if (!req.url().startsWith('file:')) external.push(req.url());
              void (req.url().startsWith('file:') ? req.continue() : req.abort());
            });
            await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
            const m = await page.evaluate(() => {
              const vw = window.innerWidth;
              const wide = [...document.querySelectorAll('body *')]
                .filter((el) => {
                  const r = el.getBoundingClientRect();
                  return r.width > 0 && r.right > vw + 1 && !el.closest('pre');
                })
                .map((el) => `${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''}`);
              // The timeline charts: the geometry of this width shown (the other hidden), its stage names laid out.
              const shown = [...document.querySelectorAll('details.timeline svg')].filter((el) => el.getBoundingClientRect().width > 0);
              const timelines = {
                shown: shown.map((el) => el.getAttribute('class')),
                width: Math.round(Math.max(0, ...shown.map((el) => el.getBoundingClientRect().width))),
                peak: shown.map((el) => [...el.querySelectorAll('text.stagename')].some((t) => t.textContent === 'peak' && t.getBoundingClientRect().width > 0)),
              };
              return { scrollWidth: document.documentElement.scrollWidth, innerWidth: vw, wide, banner: document.querySelector('.banner')?.textContent ?? '', timelines };
            });
            expect(m.scrollWidth).toBeLessThanOrEqual(m.innerWidth);
            expect(m.wide).toEqual([]);
            expect(m.banner).toContain(name === 'minimal' ? 'perfgate: PASS' : name === 'timeline' ? 'perfgate: FAIL' : 'perfgate: ERROR');
            if (name === 'timeline') {
              expect(m.timelines.shown).toEqual(Array(3).fill(width > 720 ? 'wide' : 'narrow'));
              expect(m.timelines.width).toBeGreaterThan(width > 720 ? 900 : 320);
              expect(m.timelines.peak).toEqual([true, true, true]);
            } else expect(m.timelines.shown).toEqual([]);
            expect(external).toEqual([]);
          } finally {
            await page.close();
          }
        });
      }
    }
  }
});
