// The reports' front door: render one RunResult in one format, or write all four next to each other.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResult } from '../cli/src/model/index.ts';
import { renderHtml } from './html/index.ts';
import { renderJson } from './json.ts';
import { renderJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';

export { renderHtml, renderJson, renderJunit, renderMarkdown };

export type ReportFormat = 'html' | 'md' | 'junit' | 'json';
export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'md', 'junit', 'json'];

/** File name of each format inside a run folder (runs/<id>/{result.json,report.html,summary.md,junit.xml}). */
export const REPORT_FILES: Record<ReportFormat, string> = {
  json: 'result.json',
  html: 'report.html',
  md: 'summary.md',
  junit: 'junit.xml',
};

const RENDERERS: Record<ReportFormat, (r: RunResult) => string> = {
  html: renderHtml,
  md: renderMarkdown,
  junit: renderJunit,
  json: renderJson,
};

export function renderFormat(result: RunResult, format: ReportFormat): string {
  const render = RENDERERS[format];
  if (!render) throw new RangeError(`unknown report format "${String(format)}" (expected ${REPORT_FORMATS.join(', ')})`);
  return render(result);
}

/**
 * Write result.json, report.html, summary.md and junit.xml into dir (created if missing); returns the paths.
 * result.json is written first: if a renderer throws, the data itself is already safe.
 */
export async function renderAll(result: RunResult, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const format of ['json', 'html', 'md', 'junit'] as const) {
    const path = join(dir, REPORT_FILES[format]);
    await writeFile(path, renderFormat(result, format));
    paths.push(path);
  }
  return paths;
}
