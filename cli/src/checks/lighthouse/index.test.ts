import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Measurement } from '../../model/index.ts';
import { checkSettings, runCheck } from '../check.ts';
import { findChrome } from '../../target/chrome.ts';
import { lighthouseCheck, median, pageUrl } from './index.ts';
import { subjectSlug } from './median-report.ts';
import { substitute } from './steps.ts';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>perfgate lighthouse fixture</title>
<style>body{font-family:sans-serif;margin:2rem} .hero{width:320px;height:160px;background:#1b4dd8}</style></head>
<body><h1>Payments, fast</h1><p>A small page with a heading, a paragraph and an image.</p>
<img class="hero" src="/hero.svg" width="320" height="160" alt="hero">
<script>document.body.insertAdjacentHTML('beforeend', '<p>script ran</p>')</script>
</body></html>`;
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="160"><rect width="320" height="160" fill="#1b4dd8"/></svg>';

describe('lighthouse check against a local page', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/hero.svg') return res.writeHead(200, { 'content-type': 'image/svg+xml' }).end(SVG);
      if (req.url === '/' || req.url === '/other') return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('runs Lighthouse twice, in two lanes, and reports medians with every run as a sample', async () => {
    findChrome(); // fails with the install hint when no Chromium is present
    const log: string[] = [];
    // Two lanes: each run in a process of its own, pinned with its browser to a CPU (the runs' results cross back).
    const { measurements, settings, engines } = await runCheck(lighthouseCheck, { target: { kind: 'url', url: base }, settings: { runs: 2, lanes: 2 }, log: (l) => log.push(l) });
    expect(settings?.lanes).toMatch(/^2, each a browser and Lighthouse pinned/);
    expect(engines?.chromium).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const get = (metric: string): Measurement => {
      const m = measurements.find((x) => x.metric === metric);
      if (!m) throw new Error(`no ${metric}: ${measurements.map((x) => x.metric).join(', ')}`);
      return m;
    };
    for (const m of measurements) {
      expect(m.subject).toBe('page:/ mobile');
      expect(m.samples).toHaveLength(2);
      expect(m.value).toBe(median(m.samples!));
    }
    expect(get('lcp').value).toBeGreaterThan(0);
    expect(get('lcp').unit).toBe('ms');
    expect(get('fcp').value).toBeGreaterThan(0);
    expect(get('fcp').value).toBeLessThanOrEqual(get('lcp').value);
    expect(get('cls').value).toBeGreaterThanOrEqual(0);
    expect(get('cls').unit).toBe('score');
    expect(get('tbt').value).toBeGreaterThanOrEqual(0);
    expect(get('si').value).toBeGreaterThan(0);
    expect(get('tti').value).toBeGreaterThan(0);
    expect(get('score.performance').value).toBeGreaterThan(50);
    expect(get('score.performance').value).toBeLessThanOrEqual(100);
    expect(get('requests.count').value).toBe(2); // the document and the image
    expect(get('bytes.total').value).toBeGreaterThan(0);
    expect(get('bytes.images').value).toBeGreaterThan(0);
    expect(log.filter((l) => /run \d\/2/.test(l))).toHaveLength(2);
    expect(settings).toMatchObject({ runsCompleted: 2, formFactor: 'mobile' });
  }, 90_000);

  it('stops between runs when aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    const { measurements, settings } = await runCheck(lighthouseCheck, { target: { kind: 'url', url: base }, settings: { runs: 3 }, signal: ac.signal });
    expect(measurements).toEqual([]);
    expect(settings).toMatchObject({ runsCompleted: 0 });
  });
});

describe('lighthouse settings', () => {
  it('defaults pages, runs and form factor, and joins URLs', () => {
    expect(checkSettings(lighthouseCheck, {})).toEqual({ pages: ['/'], runs: 5, formFactor: 'mobile', lanes: 'auto', flows: [] });
    expect(pageUrl('http://h:1/', '/login')).toBe('http://h:1/login');
    expect(pageUrl('http://h:1/app', 'x')).toBe('http://h:1/app/x');
  });
  it('rejects bad settings with a clear message', () => {
    const bad = (raw: unknown) => () => checkSettings(lighthouseCheck, raw, 'perfgate.config.yaml: lighthouse');
    expect(bad({ url: 'ftp://h' })).toThrow(/^perfgate\.config\.yaml: lighthouse: url: expected an http\(s\) URL$/);
    expect(bad({ runs: 0 })).toThrow(expect.objectContaining({ code: 'BAD_SETTINGS', exitCode: 2, message: expect.stringMatching(/: runs: /) }));
    expect(bad({ formFactor: 'tablet' })).toThrow(/: formFactor: /);
    expect(bad({ pages: [] })).toThrow(/: pages: expected at least one page path/);
  });
  it('names the field of a bad login step, flow or form factor', () => {
    const bad = (raw: unknown) => () => checkSettings(lighthouseCheck, raw, 'perfgate.config.yaml: lighthouse');
    const login = { page: '/login', steps: [{ fill: '#email', value: 'a' }] };
    expect(checkSettings(lighthouseCheck, { login, formFactor: 'both' })).toMatchObject({ login, formFactor: 'both' });
    expect(bad({ login: { page: '/login', steps: [{ fill: '#email' }] } })).toThrow(
      expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/^perfgate\.config\.yaml: lighthouse: login\.steps\[0\]: expected one step: \{ goto \}/) }),
    );
    expect(bad({ login: { page: '/login', steps: [] } })).toThrow(/: login\.steps: expected at least one step$/);
    expect(bad({ flows: [{ name: 'a', page: '/', steps: [{ click: '' }] }] })).toThrow(/: flows\[0\]\.steps\[0\]\.click: expected a CSS selector$/);
    const flow = { name: 'pay', page: '/send', steps: [{ click: '#send' }] };
    expect(bad({ flows: [flow, flow] })).toThrow(/: flows\[1\]\.name: "pay" names two flows$/);
    expect(bad({ flows: [{ ...flow, name: 'a,b' }] })).toThrow(/: flows\[0\]\.name: expected a short name/);
    expect(bad({ formFactor: 'both ' })).toThrow(/: formFactor: /);
  });
  it('takes login and flows in a config file inline or as a file name, and says what is wrong inline', () => {
    const login = lighthouseCheck.meta.options!.find((o) => o.flags.startsWith('--login'))!.config;
    expect(login.safeParse('login.yaml').success).toBe(true);
    expect(login.safeParse({ page: '/login', steps: [{ click: '#go' }] }).success).toBe(true);
    const wrong = login.safeParse({ page: '/login', steps: [{ fill: '#a' }] });
    expect(wrong.error?.issues[0]?.message).toMatch(/^steps\[0\]: expected one step: /);
  });
  it("fills step values from the target's login and the environment, never with nothing", () => {
    const values = { credential: { email: 'u@x.test', password: 'pw' }, env: { TOKEN: 't0k' } };
    expect(substitute('{{email}}:{{ password }}:{{env.TOKEN}}', values)).toBe('u@x.test:pw:t0k');
    expect(() => substitute('{{env.MISSING}}', values)).toThrow(/\$MISSING is not set/);
    expect(() => substitute('{{password}}', { env: {} })).toThrow(/needs a login the target provides/);
    expect(() => substitute('{{user}}', values)).toThrow(/is none of/);
  });
  it('names report files after their subjects', () => {
    expect(subjectSlug('page:/send desktop')).toBe('page-send-desktop');
    expect(subjectSlug('page:/ mobile')).toBe('page-root-mobile');
    expect(subjectSlug('flow:send payment mobile')).toBe('flow-send-payment-mobile');
  });
  it('tells how to get Chromium when it is missing', () => {
    expect(() => findChrome({ CHROME_PATH: '/nope/chrome' })).toThrow(/install Debian's chromium .*CHROME_PATH/);
  });
  it('takes the median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});
