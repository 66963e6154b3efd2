// Structural rules of the strict Ant JUnit schema and Jenkins xUnit's junit-10, asserted here
// (the XSDs themselves are not part of the project; see the comment at the top of junit.ts).
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../cli/src/model/index.ts';
import { loadTimelineResult, minimalResult, sampleResult } from './fixtures/sample-result.ts';
import { junitKind, renderJunit } from './junit.ts';

interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
  text: string;
}

const unescape = (s: string) =>
  s
    .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** Minimal XML reader: enough to check nesting, attributes and that text carries no raw markup. */
function parse(xml: string): El {
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, '');
  const root: El = { name: '#root', attrs: {}, children: [], text: '' };
  const stack: El[] = [root];
  const re = /<(\/?)([\w:-]+)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let pos = 0;
  while ((m = re.exec(body))) {
    pos = re.lastIndex;
    const [, close, name, attrText, selfClose, text] = m;
    const top = stack[stack.length - 1];
    if (text !== undefined) {
      expect(text).not.toMatch(/[<>]|&(?!(amp|lt|gt|quot|apos|#\d+);)/);
      top.text += unescape(text);
      continue;
    }
    if (close) {
      expect(top.name).toBe(name);
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText.matchAll(/([\w:.-]+)="([^"]*)"/g)) {
      expect(a[2]).not.toMatch(/[<>]|&(?!(amp|lt|gt|quot|apos|#\d+);)/);
      attrs[a[1]] = unescape(a[2]);
    }
    const el: El = { name, attrs, children: [], text: '' };
    top.children.push(el);
    if (!selfClose) stack.push(el);
  }
  expect(pos).toBe(body.length);
  expect(stack).toHaveLength(1);
  expect(root.children).toHaveLength(1);
  return root.children[0];
}

function checkStructure(result: RunResult): El {
  const doc = parse(renderJunit(result));
  expect(doc.name).toBe('testsuites');
  expect(doc.attrs).toEqual({}); // the Ant schema allows no attributes here
  doc.children.forEach((suite, i) => {
    expect(suite.name).toBe('testsuite');
    for (const a of ['name', 'package', 'id', 'hostname', 'timestamp', 'tests', 'failures', 'errors', 'skipped', 'time']) expect(suite.attrs[a], a).toBeDefined();
    expect(suite.attrs.id).toBe(String(i));
    expect(suite.attrs.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(suite.attrs.time).toMatch(/^\d+(\.\d{1,3})?$/);
    const names = suite.children.map((c) => c.name);
    expect(names[0]).toBe('properties');
    expect(names.slice(-2)).toEqual(['system-out', 'system-err']);
    expect(new Set(names.slice(1, -2))).toEqual(new Set(names.length > 3 ? ['testcase'] : []));
    const cases = suite.children.filter((c) => c.name === 'testcase');
    const count = (k: string) => cases.filter((c) => c.children.some((x) => x.name === k)).length;
    expect(Number(suite.attrs.tests)).toBe(cases.length);
    expect(Number(suite.attrs.failures)).toBe(count('failure'));
    expect(Number(suite.attrs.errors)).toBe(count('error'));
    expect(Number(suite.attrs.skipped)).toBe(count('skipped'));
    for (const c of cases) {
      expect(c.attrs.name).toBeTruthy();
      expect(c.attrs.classname).toBe(`perfgate.${suite.attrs.name}`);
      expect(c.attrs.time).toMatch(/^\d+(\.\d+)?$/);
      expect(c.children.length).toBeLessThanOrEqual(1);
      for (const x of c.children) {
        expect(['failure', 'error', 'skipped']).toContain(x.name);
        if (x.name !== 'skipped') expect(x.attrs.type).toBeTruthy();
      }
    }
  });
  return doc;
}

describe('renderJunit', () => {
  it('one suite per check, counts matching the verdicts', () => {
    const r = sampleResult();
    const doc = checkStructure(r);
    expect(doc.children.map((s) => s.attrs.name)).toEqual(['load', 'explain', 'bundle', 'lighthouse']);
    const all = doc.children.flatMap((s) => s.children.filter((c) => c.name === 'testcase'));
    expect(all).toHaveLength(r.verdicts.length);
    const kinds = r.verdicts.map(junitKind);
    const total = (a: string) => doc.children.reduce((n, s) => n + Number(s.attrs[a]), 0);
    expect(total('failures')).toBe(kinds.filter((k) => k === 'failure').length);
    expect(total('failures')).toBe(r.summary.fail + 1); // the fail (also regressed) + the throughput regression that passed its budget
    expect(total('errors')).toBe(r.summary.error);
    expect(total('skipped')).toBe(r.summary.skipped);
  });

  it('names testcases rule × subject and says measured vs limit', () => {
    const doc = checkStructure(sampleResult());
    const load = doc.children[0].children.filter((c) => c.name === 'testcase');
    expect(load.map((c) => c.attrs.name)).toContain('latency.p95 GET /health <= 50 ms');
    const failed = load.find((c) => c.attrs.name === 'latency.p95 POST /payments <= 200 ms')!;
    expect(failed.children[0].name).toBe('failure');
    expect(failed.children[0].attrs.type).toBe('perfgate.budget');
    expect(failed.children[0].attrs.message).toMatch(/measured 235 ms, limit <= 200 ms, baseline .* \+13\.2% \[\+9\.8%, \+16\.5%\] regressed/);
    const regressed = load.find((c) => c.attrs.name.startsWith('throughput.rps'))!;
    expect(regressed.children[0].attrs.type).toBe('perfgate.regression');
    const warn = load.find((c) => c.attrs.name.startsWith('latency.p99 GET /payments/:id'))!;
    expect(warn.children).toHaveLength(0);
    expect(doc.children[0].children.find((c) => c.name === 'system-out')!.text).toContain('WARN latency.p99 GET /payments/:id');
    expect(doc.children[3].children.find((c) => c.name === 'system-err')!.text).toContain('Chrome not found');
  });

  it('escapes everything, including <&>"\' and control characters', () => {
    const r = sampleResult();
    const nasty = `GET /x?a=<&>"'\u0001 é`;
    r.verdicts[0].subject = nasty;
    r.verdicts[0].message = `boom <&>"'\n]]>`;
    r.checks[0].settings = { 'we<ird': `"v'&` };
    r.environment.hostname = '  ';
    const doc = checkStructure(r);
    const names = doc.children[0].children.filter((c) => c.name === 'testcase').map((c) => c.attrs.name);
    expect(names).toContain(`latency.p95 GET /x?a=<&>"' é <= 50 ms`);
    expect(doc.children[0].attrs.hostname).toBe('localhost');
  });

  it('gives a check that could not run and wrote no verdict an error testcase', () => {
    const r = minimalResult();
    r.checks.push({ id: 'lighthouse', title: 'Lighthouse', status: 'error', durationMs: 5, error: 'no Chrome' });
    const doc = checkStructure(r);
    const suite = doc.children[1];
    expect(suite.attrs.errors).toBe('1');
    expect(suite.children[1].children[0].attrs.message).toBe('no Chrome');
  });

  it('names the load model beside a load latency, and says why a generator-bound one was skipped', () => {
    const doc = checkStructure(loadTimelineResult());
    const cases = doc.children[0].children.filter((c) => c.name === 'testcase');
    const failed = cases.find((c) => c.attrs.name === 'latency.p95 (open model) POST /payments <= 300 ms')!;
    expect(failed.children[0].attrs.message).toMatch(/^latency\.p95 \(open model\) POST \/payments: measured 882 ms/);
    expect(cases.map((c) => c.attrs.name)).toContain('errors.ratio POST /payments <= 1 %');
    const bound = cases.find((c) => c.attrs.name.startsWith('latency.p95 (open model) GET /health'))!;
    expect(bound.children[0].name).toBe('skipped');
    expect(bound.children[0].attrs.message).toMatch(/^generator-bound — not judged: round 5: /);
    // Results from before the load models keep their testcase names.
    expect(renderJunit(sampleResult())).not.toMatch(/latency\.\w+ \((open|closed) model\)/);
  });
});
