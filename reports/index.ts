// The reports' front door: render one RunResult in one format, or write all four next to each other.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResult } from '../cli/src/model/index.ts';
import { renderHtml, type HtmlOptions } from './html/index.ts';
import { renderJson } from './json.ts';
import { renderJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';
import { renderOpenMetrics } from './openmetrics.ts';

export { renderHtml, renderJson, renderJunit, renderMarkdown, renderOpenMetrics };

export type ReportFormat = 'html' | 'md' | 'junit' | 'json' | 'openmetrics';
export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'md', 'junit', 'json', 'openmetrics'];

/** File name of each format inside a run folder (runs/<id>/{result.json,report.html,summary.md,junit.xml}). */
export const REPORT_FILES: Record<ReportFormat, string> = {
  json: 'result.json',
  html: 'report.html',
  md: 'summary.md',
  junit: 'junit.xml',
  // Not written by every run (renderAll): `perfgate report --format openmetrics -o metrics.prom`, or pushed (--push).
  openmetrics: 'metrics.prom',
};

/** What a report may show beyond its own run: the stored runs' history (HTML trend charts). */
export type ReportExtras = HtmlOptions;

const RENDERERS: Record<ReportFormat, (r: RunResult, extras: ReportExtras) => string> = {
  html: renderHtml,
  md: renderMarkdown,
  junit: renderJunit,
  json: renderJson,
  openmetrics: renderOpenMetrics,
};

export function renderFormat(result: RunResult, format: ReportFormat, extras: ReportExtras = {}): string {
  const render = RENDERERS[format];
  if (!render) throw new RangeError(`unknown report format "${String(format)}" (expected ${REPORT_FORMATS.join(', ')})`);
  return render(result, extras);
}

/**
 * Write result.json, report.html, summary.md and junit.xml into dir (created if missing); returns the paths.
 * result.json is written first: if a renderer throws, the data itself is already safe.
 */
export async function renderAll(result: RunResult, dir: string, extras: ReportExtras = {}): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const format of ['json', 'html', 'md', 'junit'] as const) {
    const path = join(dir, REPORT_FILES[format]);
    await writeFile(path, renderFormat(result, format, extras));
    paths.push(path);
  }
  return paths;
}
