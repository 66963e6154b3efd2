import type { FlowResult, Result } from 'lighthouse';
import { computeMedianRun } from 'lighthouse/core/lib/median-run.js';
import type { CheckFile } from '../check.ts';
import type { RunValues } from './navigation-run.ts';

/** A subject's runs as measured, each with what Lighthouse reported for it. */
export interface SubjectRuns {
  subject: string;
  runs: { values: RunValues; lhr?: Result; flow?: FlowResult }[];
}

/** Folder of the run directory Lighthouse's reports go to. */
export const REPORTS_FOLDER = 'lighthouse';

/**
 * Lighthouse's own HTML report of each subject's median run, for the run's folder. Pages: the run Lighthouse's
 * `computeMedianRun` picks (nearest the medians of FCP and TTI, as Lighthouse CI does); flows: the run whose INP is
 * nearest the median INP (ties to the lower TBT).
 */
export async function medianReports(subjects: readonly SubjectRuns[]): Promise<CheckFile[]> {
  const { generateReport } = await import('lighthouse');
  const used = new Set<string>();
  const files: CheckFile[] = [];
  for (const { subject, runs } of inReadingOrder(subjects)) {
    if (runs.length === 0) continue;
    const path = `${REPORTS_FOLDER}/${uniqueSlug(subject, used)}.html`;
    const title = `Lighthouse report (median of ${runs.length} run${runs.length === 1 ? '' : 's'})`;
    const lhrs = runs.map((r) => r.lhr).filter((l): l is Result => l !== undefined);
    if (lhrs.length === runs.length) {
      files.push({ path, title, subject, content: generateReport(pageMedian(lhrs), 'html') });
      continue;
    }
    const flows = runs.filter((r) => r.flow !== undefined);
    if (flows.length > 0) files.push({ path, title, subject, content: generateReport(flowMedian(flows).flow!, 'html') });
  }
  return files;
}

/** Form factor by form factor (as measured), pages before flows, each in the order of the settings. */
function inReadingOrder(subjects: readonly SubjectRuns[]): SubjectRuns[] {
  const factor = (s: SubjectRuns) => s.subject.slice(s.subject.lastIndexOf(' ') + 1);
  const factors = [...new Set(subjects.map(factor))];
  const rank = (s: SubjectRuns) => factors.indexOf(factor(s)) * 2 + (s.subject.startsWith('flow:') ? 1 : 0);
  return subjects
    .map((s, i) => ({ s, i }))
    .sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i)
    .map(({ s }) => s);
}

function pageMedian(lhrs: Result[]): Result {
  try {
    return computeMedianRun(lhrs);
  } catch {
    // A run without FCP or TTI (an error page): the middle run in order of measurement.
    return lhrs[Math.floor((lhrs.length - 1) / 2)]!;
  }
}

function flowMedian<T extends { values: RunValues }>(runs: T[]): T {
  const inp = (r: T) => r.values.get('inp') ?? 0;
  const sorted = [...runs].sort((a, b) => inp(a) - inp(b));
  const middle = inp(sorted[Math.floor((sorted.length - 1) / 2)]!);
  return [...runs].sort((a, b) => Math.abs(inp(a) - middle) - Math.abs(inp(b) - middle) || (a.values.get('tbt') ?? 0) - (b.values.get('tbt') ?? 0))[0]!;
}

/** `page:/send desktop` → `page-send-desktop`; `page:/ mobile` → `page-root-mobile`. */
export function subjectSlug(subject: string): string {
  const named = subject.replace(/^page:\/(?=\s|$)/, 'page:root');
  return (
    named
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 80) || 'subject'
  );
}

function uniqueSlug(subject: string, used: Set<string>): string {
  const base = subjectSlug(subject);
  let slug = base;
  for (let i = 2; used.has(slug); i++) slug = `${base}-${i}`;
  used.add(slug);
  return slug;
}
