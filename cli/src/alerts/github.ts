import { readFile } from 'node:fs/promises';
import { firstLine } from '../util/errors.ts';
import { annotation } from './github-annotations.ts';
import { upsertStickyComment, type PullRequest } from './github-comment.ts';
import type { AlertSinkConfig } from './sink-config.ts';
import { plural, type Delivery, type Told } from './sink.ts';

type GitHubConfig = Extract<AlertSinkConfig, { kind: 'github' }>;

export interface GitHubIo {
  /** Prints a workflow command where the runner reads it (stdout, or stderr when stdout carries --json). */
  annotate: (line: string) => void;
  /** The run's Markdown report (summary.md): the body of the pull request comment. */
  markdown: string;
  env: NodeJS.ProcessEnv;
}

/**
 * GitHub: in a workflow, one annotation per alert; with a token and a known pull request, one sticky comment kept up
 * to date. The step summary needs no sink: every run appends summary.md to $GITHUB_STEP_SUMMARY (write-run.ts).
 */
export async function sendGitHub(config: GitHubConfig, delivery: Delivery, io: GitHubIo): Promise<Told> {
  const said: string[] = [];
  let told: Told['told'] = [];
  if (io.env.GITHUB_ACTIONS === 'true' && delivery.alerts.length > 0) {
    for (const alert of delivery.alerts) io.annotate(annotation(alert));
    told = delivery.alerts;
    said.push(`printed ${plural(told.length, 'annotation')}`);
  }
  if (config.comment !== false) {
    const pr = await pullRequestOf(config, io.env);
    if (typeof pr === 'string') said.push(pr);
    else if (pr) {
      const done = await upsertStickyComment(pr, io.markdown, delivery.notice.alerts.length > 0);
      if (done) said.push(`${done} the comment on ${pr.repository}#${pr.number}`);
    }
  }
  return { told, said: said.length ? said.join('; ') : undefined };
}

/** The pull request to comment on; a string says why there is none when one was expected; undefined when none applies. */
async function pullRequestOf(config: GitHubConfig, env: NodeJS.ProcessEnv): Promise<PullRequest | string | undefined> {
  const number = config.pr ?? (await eventPullRequest(env.GITHUB_EVENT_PATH));
  if (number === undefined) return undefined;
  const repository = config.repository ?? env.GITHUB_REPOSITORY;
  if (!repository) return `no pull request comment: the repository is unknown (set repository, or GITHUB_REPOSITORY)`;
  if (!env.GITHUB_TOKEN) return `no pull request comment: GITHUB_TOKEN is not set`;
  return { api: config.url ?? env.GITHUB_API_URL ?? 'https://api.github.com', repository, number, token: env.GITHUB_TOKEN };
}

/** The pull request of the workflow's event (pull_request, pull_request_target, issue_comment on a pull request). */
async function eventPullRequest(path: string | undefined): Promise<number | undefined> {
  if (!path) return undefined;
  try {
    const event = JSON.parse(await readFile(path, 'utf8')) as { pull_request?: { number?: number }; issue?: { number?: number; pull_request?: unknown } };
    const number = event.pull_request?.number ?? (event.issue?.pull_request ? event.issue.number : undefined);
    return Number.isInteger(number) ? number : undefined;
  } catch (error) {
    throw new Error(`GITHUB_EVENT_PATH ${path}: ${firstLine(error)}`);
  }
}
