import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPerfgateConfig } from './config-file.ts';

// `push:` and `alerts:` in perfgate.config.*: checked when the file is read, each mistake one line naming the field.
describe('perfgate.config.yaml: push and alerts', () => {
  let file: string;
  beforeAll(async () => {
    file = join(await mkdtemp(join(tmpdir(), 'perfgate-config-')), 'perfgate.config.yaml');
  });
  const load = async (yaml: string) => {
    await writeFile(file, yaml);
    return loadPerfgateConfig(file);
  };
  const rejects = async (yaml: string, message: string) => {
    const error = await load(yaml).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'BAD_CONFIG', exitCode: 2, message: `config file ${file}: ${message}` });
  };

  it('accepts every kind of sink and a Pushgateway', async () => {
    const { config } = await load(`push: http://pushgateway:9091
alerts:
  - { kind: webhook, url: "https://hooks.example.test/perfgate" }
  - { kind: slack, url: "https://hooks.slack.com/services/T0/B0/X" }
  - { kind: github, repository: acme/shop, pr: 7, comment: false }
  - { kind: alertmanager, url: "http://alertmanager:9093" }
`);
    expect(config.push).toBe('http://pushgateway:9091');
    expect(config.alerts).toEqual([
      { kind: 'webhook', url: 'https://hooks.example.test/perfgate' },
      { kind: 'slack', url: 'https://hooks.slack.com/services/T0/B0/X' },
      { kind: 'github', repository: 'acme/shop', pr: 7, comment: false },
      { kind: 'alertmanager', url: 'http://alertmanager:9093' },
    ]);
  });

  it('names the sink and field of a mistake', async () => {
    await rejects('alerts:\n  - { kind: webhook }\n', 'alerts[0].url: Invalid input: expected string, received undefined');
    await rejects('alerts:\n  - { kind: slack, url: "hooks.slack.com/x" }\n', 'alerts[0].url: expected an http:// or https:// URL, got "hooks.slack.com/x"');
    await rejects('alerts:\n  - { kind: alertmanager, url: "http://am:9093", receiver: x }\n', 'alerts[0]: Unrecognized key: "receiver"');
    await rejects('alerts:\n  - { kind: github, repository: shop }\n', 'alerts[0].repository: expected owner/name');
    await rejects('alerts:\n  - { kind: github, pr: 0 }\n', 'alerts[0].pr: Too small: expected number to be >0');
    await rejects('alerts: { kind: webhook }\n', 'alerts: Invalid input: expected array, received object');
    await rejects('push: gateway:9091\n', 'push: expected an http:// or https:// URL, got "gateway:9091"');
  });
});
