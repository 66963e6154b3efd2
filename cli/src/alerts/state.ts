import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { firstLine } from '../util/errors.ts';

/** An alert Alertmanager holds as firing: posted again with `endsAt` now once the run that judges it passes. */
export const FiredAlert = z.object({
  key: z.string(),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  startsAt: z.string(),
  /** When Alertmanager lets it end unless told again; past it, it is forgotten here too. */
  endsAt: z.string(),
});
export type FiredAlert = z.infer<typeof FiredAlert>;

/** What alerting remembers between runs, in `<out>/alerts-state.json`. */
export const AlertsState = z.object({
  version: z.literal(1),
  /** Suppression: when each kind (sink and alert key) was told, within the window. */
  sent: z.record(z.string(), z.array(z.string())),
  /** Alertmanager: the alerts each sink holds as firing. */
  firing: z.record(z.string(), z.array(FiredAlert)),
});
export type AlertsState = z.infer<typeof AlertsState>;

export const ALERTS_STATE_FILE = 'alerts-state.json';

export function emptyAlertsState(): AlertsState {
  return { version: 1, sent: {}, firing: {} };
}

/** The stored state; none yet, or one that cannot be read, starts afresh (said once): alerting never stops a run. */
export async function readAlertsState(outDir: string, log: (line: string) => void): Promise<AlertsState> {
  const file = join(outDir, ALERTS_STATE_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log(`warning: alerts: ${file} could not be read (${firstLine(error)}); starting afresh`);
    return emptyAlertsState();
  }
  try {
    return AlertsState.parse(JSON.parse(text));
  } catch {
    log(`warning: alerts: ${file} is not a perfgate alerts state; starting afresh`);
    return emptyAlertsState();
  }
}

/** Written whole to a temporary file and renamed, so a run stopped halfway never leaves half a file. */
export async function writeAlertsState(outDir: string, state: AlertsState): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, ALERTS_STATE_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`);
  await rename(temporary, file);
}
