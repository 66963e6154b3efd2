import { EXPECTED_FILES, inputError, linesOf } from './input-file.ts';
import { readSummary, type RunnerSummary } from './summary-formats.ts';

/** A k6 output file, told by its content (not its name): a runner's raw points, or its end-of-test summary. */
export type K6File = { kind: 'points'; file: string } | { kind: 'summary'; file: string; summary: RunnerSummary };

/** A summary is a few kilobytes; anything this large read as one JSON document is not one. */
const MAX_SUMMARY_BYTES = 64 * 1024 * 1024;

/**
 * Reads enough of a file to tell what k6 wrote: NDJSON points (`--out json`) start with a `Metric` or `Point` line;
 * a summary is one JSON document. Anything else is a one-line error naming the file and what was expected.
 */
export async function readK6File(file: string): Promise<K6File> {
  const lines: string[] = [];
  let bytes = 0;
  for await (const line of linesOf(file)) {
    if (lines.length === 0 && line.trim() === '') continue;
    if (lines.length === 0 && isPointLine(line)) return { kind: 'points', file };
    lines.push(line);
    bytes += line.length + 1;
    if (bytes > MAX_SUMMARY_BYTES) throw inputError(file, `is not k6 points, and too large for a summary; ${EXPECTED_FILES}`);
  }
  if (lines.length === 0) throw inputError(file, `is empty; ${EXPECTED_FILES}`);
  let doc: unknown;
  try {
    doc = JSON.parse(lines.join('\n'));
  } catch {
    throw inputError(file, `is not JSON; ${EXPECTED_FILES}`);
  }
  const summary = readSummary(file, doc);
  if (typeof summary === 'string') throw inputError(file, `${summary}; ${EXPECTED_FILES}`);
  return { kind: 'summary', file, summary };
}

function isPointLine(line: string): boolean {
  try {
    const value = JSON.parse(line) as { type?: unknown; metric?: unknown };
    return (value.type === 'Point' || value.type === 'Metric') && typeof value.metric === 'string';
  } catch {
    return false;
  }
}
