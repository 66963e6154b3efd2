import { notifySinks, type AlertSinkConfig } from '../alerts/index.ts';
import type { RunResult } from '../model/index.ts';
import { firstLine } from '../util/errors.ts';
import { renderMarkdown } from '../../../reports/markdown.ts';
import { targetLabel } from '../../../reports/openmetrics.ts';
import { pushRun } from './push.ts';

export interface Announce {
  /** Pushgateway URL (--push, config `push`). */
  push?: string;
  /** The config's `alerts:` sinks. */
  alerts?: AlertSinkConfig[];
  outDir: string;
  /** --json: stdout carries the result, so GitHub workflow commands go to stderr (the runner reads both). */
  json?: boolean;
}

/** After a run is written: its series to the Pushgateway, its failures to the alert sinks. Neither can change its exit code. */
export async function announceRun(result: RunResult, announce: Announce, log: (line: string) => void): Promise<void> {
  if (announce.push) await pushRun(result, announce.push, log);
  if (!announce.alerts?.length) return;
  try {
    await notifySinks(result, announce.alerts, {
      stateDir: announce.outDir,
      target: targetLabel(result.target),
      markdown: renderMarkdown(result),
      log,
      annotate: (line) => (announce.json ? process.stderr : process.stdout).write(`${line}\n`),
    });
  } catch (error) {
    // notifySinks reports each sink's failure itself; this is for the unforeseen, which must not fail the run either.
    log(`warning: alerts: ${firstLine(error)}`);
  }
}
