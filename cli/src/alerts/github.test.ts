import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunResult } from '../model/index.ts';
import { startReceiver, type ReceivedRequest } from '../../test/local-service.ts';
import { failingRun, passingRun } from './fixtures/runs.ts';
import { STICKY_MARKER } from './github-comment.ts';
import { notifySinks } from './notify.ts';

interface Comment {
  id: number;
  body: string;
}

/** The few endpoints of GitHub's REST API the sink uses: list an issue's comments (paged), create one, update one. */
function fakeGitHub(comments: Comment[]) {
  return (r: ReceivedRequest): { status?: number; body?: unknown } => {
    if (r.headers.authorization !== 'Bearer t0ken') return { status: 401, body: { message: 'Bad credentials' } };
    const url = new URL(r.url, 'http://x');
    if (r.method === 'GET' && url.pathname === '/repos/acme/shop/issues/7/comments') {
      const perPage = Number(url.searchParams.get('per_page'));
      const page = Number(url.searchParams.get('page'));
      return { body: comments.slice((page - 1) * perPage, page * perPage) };
    }
    if (r.method === 'POST' && url.pathname === '/repos/acme/shop/issues/7/comments') {
      const comment = { id: 9000 + comments.length, body: JSON.parse(r.body).body };
      comments.push(comment);
      return { status: 201, body: comment };
    }
    const edit = /^\/repos\/acme\/shop\/issues\/comments\/(\d+)$/.exec(url.pathname);
    const comment = edit && comments.find((c) => c.id === Number(edit[1]));
    if (r.method === 'PATCH' && comment) {
      comment.body = JSON.parse(r.body).body;
      return { body: comment };
    }
    return { status: 404, body: { message: 'Not Found' } };
  };
}

describe('github sink', () => {
  const comments: Comment[] = [];
  let github: Awaited<ReturnType<typeof startReceiver>>;
  let env: NodeJS.ProcessEnv;
  let stateDir: string;
  beforeAll(async () => {
    github = await startReceiver(fakeGitHub(comments));
    const eventPath = join(await mkdtemp(join(tmpdir(), 'perfgate-event-')), 'event.json');
    await writeFile(eventPath, JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7 } }));
    env = { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'acme/shop', GITHUB_EVENT_PATH: eventPath, GITHUB_TOKEN: 't0ken' };
  });
  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'perfgate-alerts-'));
    // 100 comments of others: perfgate's own is on the second page once it exists.
    comments.splice(0, comments.length, ...Array.from({ length: 100 }, (_, i) => ({ id: i + 1, body: `review ${i + 1}` })));
  });
  afterAll(() => github?.close());

  async function notify(result: RunResult, environment = env, markdown = `## perfgate: ${result.outcome}`) {
    const lines: string[] = [];
    const annotations: string[] = [];
    await notifySinks(result, [{ kind: 'github', url: github.url }], {
      stateDir,
      target: '127.0.0.1:8080',
      markdown,
      log: (l) => lines.push(l),
      annotate: (l) => annotations.push(l),
      env: environment,
    });
    return { lines, annotations };
  }

  // The runner decodes %25 back to %, %3A to a colon.
  it('annotates each alert and keeps one sticky comment on the pull request, updated in place', async () => {
    const first = await notify(failingRun());
    expect(first.annotations).toEqual([
      '::error title=perfgate%3A budget failed::load latency.p95 POST /payments: 234.6 ms exceeds max 200 ms',
      '::warning title=perfgate%3A budget failed::load latency.p99 GET /payments/:id: 109.8 ms exceeds max 100 ms',
      '::error title=perfgate%3A regression::load latency.p95 GET /payments: regressed +13.2%25 [+9.8%25, +16.5%25] against baseline run run-base (p=0.001)',
    ]);
    expect(first.lines).toEqual(['alerts: github: printed 3 annotations; created the comment on acme/shop#7']);
    expect(comments).toHaveLength(101);
    expect(comments[100]!.body).toBe(`${STICKY_MARKER}\n## perfgate: fail`);

    const fixed = await notify(passingRun());
    expect(fixed).toEqual({ lines: ['alerts: github: updated the comment on acme/shop#7'], annotations: [] });
    expect(comments).toHaveLength(101);
    expect(comments[100]!.body).toBe(`${STICKY_MARKER}\n## perfgate: pass`);
  });

  it('creates no comment for a passing pull request that has none', async () => {
    expect(await notify(passingRun())).toEqual({ lines: [], annotations: [] });
    expect(comments).toHaveLength(100);
  });

  it('says why there is no comment when the token is missing, and still annotates', async () => {
    const { lines, annotations } = await notify(failingRun(), { ...env, GITHUB_TOKEN: undefined });
    expect(lines).toEqual(['alerts: github: printed 3 annotations; no pull request comment: GITHUB_TOKEN is not set']);
    expect(annotations).toHaveLength(3);
  });

  it('reports a refused request in one line', async () => {
    const { lines } = await notify(failingRun(), { ...env, GITHUB_TOKEN: 'wrong' });
    expect(lines).toEqual([`warning: alerts: github sink failed: ${github.url}/repos/acme/shop/issues/7/comments answered HTTP 401: {"message":"Bad credentials"}`]);
  });

  it('does nothing outside GitHub Actions and pull requests', async () => {
    const before = github.requests.length;
    expect(await notify(failingRun(), {})).toEqual({ lines: [], annotations: [] });
    expect(github.requests).toHaveLength(before);
  });
});
