import { httpRequest } from './http.ts';

/** Hidden in the rendered comment; how perfgate finds its own comment among the others to update it in place. */
export const STICKY_MARKER = '<!-- perfgate -->';

/** GitHub refuses comment bodies longer than this. */
const MAX_BODY = 65_536;
const PAGE_SIZE = 100;

export interface PullRequest {
  /** REST API base, e.g. https://api.github.com or https://ghe.example/api/v3. */
  api: string;
  /** owner/name */
  repository: string;
  number: number;
  token: string;
}

/**
 * Keeps one perfgate comment on the pull request: the existing one (found by its marker) is edited, else one is
 * created — only when `create` says there is something to tell, so a passing pull request gets no new comment.
 */
export async function upsertStickyComment(pr: PullRequest, markdown: string, create: boolean): Promise<'created' | 'updated' | undefined> {
  const base = `${pr.api.replace(/\/+$/, '')}/repos/${pr.repository}`;
  const headers = { authorization: `Bearer ${pr.token}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' };
  const body = JSON.stringify({ body: stickyBody(markdown) });
  const existing = await findStickyComment(base, pr.number, headers);
  if (existing !== undefined) {
    await httpRequest(`${base}/issues/comments/${existing}`, { method: 'PATCH', headers: { ...headers, 'content-type': 'application/json' }, body });
    return 'updated';
  }
  if (!create) return undefined;
  await httpRequest(`${base}/issues/${pr.number}/comments`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
  return 'created';
}

export function stickyBody(markdown: string): string {
  const body = `${STICKY_MARKER}\n${markdown}`;
  if (body.length <= MAX_BODY) return body;
  const note = '\n\n… (cut to fit a comment; the full report is in the run folder and the step summary)';
  return body.slice(0, MAX_BODY - note.length) + note;
}

async function findStickyComment(base: string, issue: number, headers: Record<string, string>): Promise<number | undefined> {
  for (let page = 1; ; page++) {
    const { body } = await httpRequest(`${base}/issues/${issue}/comments?per_page=${PAGE_SIZE}&page=${page}`, { method: 'GET', headers });
    const comments = JSON.parse(body) as { id: number; body?: string }[];
    const mine = comments.find((c) => c.body?.includes(STICKY_MARKER));
    if (mine) return mine.id;
    if (comments.length < PAGE_SIZE) return undefined;
  }
}
