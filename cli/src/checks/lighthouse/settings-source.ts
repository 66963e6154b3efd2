import { resolve } from 'node:path';
import { usageError } from '../../util/errors.ts';
import { loadConfigFile, readRegularFile } from '../../util/load-module.ts';
import type { SettingsSource } from '../check.ts';

/** PayPass's pages, login and flows: the scenario side of the project, not the generic check. */
export const PAYPASS_DEFAULTS = 'scenarios/paypass.lighthouse.ts';

/**
 * Raw settings from flags, config and, for PayPass, its defaults file (flags and config win key by key). `login` and
 * `flows` may be written inline in the config file or name a file (.ts, .yaml, .json) holding them; `pageScript`
 * names a JavaScript file.
 */
export async function lighthouseSettings(source: SettingsSource): Promise<Record<string, unknown>> {
  const defaults = source.paypass ? await loadObject(source.packagePath(PAYPASS_DEFAULTS), 'PayPass lighthouse defaults') : {};
  const o = source.options;
  const raw: Record<string, unknown> = { ...defaults };
  if (o.pages !== undefined) raw.pages = o.pages;
  if (o.lighthouseRuns !== undefined) raw.runs = o.lighthouseRuns;
  if (o.formFactor !== undefined) raw.formFactor = o.formFactor;
  if (o.lighthouseLanes !== undefined) raw.lanes = o.lighthouseLanes;
  if (o.login !== undefined) raw.login = typeof o.login === 'string' ? await loadConfigFile(resolve(o.login), source.where('login')) : o.login;
  if (o.lighthouseFlows !== undefined) {
    raw.flows = typeof o.lighthouseFlows === 'string' ? await loadConfigFile(resolve(o.lighthouseFlows), source.where('lighthouseFlows')) : o.lighthouseFlows;
  }
  if (typeof o.pageScript === 'string') {
    raw.pageScript = await readRegularFile(resolve(o.pageScript)).catch((error: unknown) => {
      throw usageError('BAD_FILE', `${source.where('pageScript')}: cannot read ${o.pageScript}: ${(error as Error).message.split('\n')[0]}`);
    });
    raw.pageScriptFile = o.pageScript;
  }
  return raw;
}

async function loadObject(file: string, what: string): Promise<Record<string, unknown>> {
  const data = await loadConfigFile(file, what);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw usageError('BAD_FILE', `${what} ${file}: expected an object of lighthouse settings`);
  return data as Record<string, unknown>;
}
