import { z } from 'zod';
import { HttpUrl } from './http-url.ts';

// The `alerts:` list of perfgate.config.*: where a failed budget or a regression is told. Secrets stay out of the
// file: GitHub's token comes from GITHUB_TOKEN; a webhook's URL is its own secret (a .ts config may read it from
// the environment).

const Webhook = z
  .object({
    kind: z.literal('webhook'),
    url: HttpUrl.describe('receives a POST of the run and its failing budgets and regressions as JSON'),
  })
  .strict();

const Slack = z
  .object({
    kind: z.literal('slack'),
    url: HttpUrl.describe('a Slack incoming-webhook URL'),
  })
  .strict();

const GitHub = z
  .object({
    kind: z.literal('github'),
    url: HttpUrl.optional().describe('GitHub REST API (default $GITHUB_API_URL, else https://api.github.com)'),
    repository: z
      .string()
      .regex(/^[\w.-]+\/[\w.-]+$/, { error: 'expected owner/name' })
      .optional()
      .describe('owner/name (default $GITHUB_REPOSITORY)'),
    pr: z.number().int().positive().optional().describe('pull request to comment on (default: the one of $GITHUB_EVENT_PATH)'),
    comment: z.boolean().optional().describe('keep one sticky comment on the pull request (default true; needs GITHUB_TOKEN)'),
  })
  .strict();

const Alertmanager = z
  .object({
    kind: z.literal('alertmanager'),
    url: HttpUrl.describe('Alertmanager base URL; alerts go to /api/v2/alerts'),
  })
  .strict();

export const AlertSinkConfig = z.discriminatedUnion('kind', [Webhook, Slack, GitHub, Alertmanager]);
export type AlertSinkConfig = z.infer<typeof AlertSinkConfig>;
export type SinkKind = AlertSinkConfig['kind'];

export const AlertSinks = z.array(AlertSinkConfig).describe('sinks told of a failed budget or a regression');
