import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleResult } from './fixtures/sample-result.ts';
import { REPORT_FORMATS, renderAll, renderFormat } from './index.ts';

describe('renderAll / renderFormat', () => {
  it('writes the four files of a run folder', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'perfgate-reports-')), 'runs', 'x');
    try {
      const r = sampleResult();
      const paths = await renderAll(r, dir);
      expect(readdirSync(dir).sort()).toEqual(['junit.xml', 'report.html', 'result.json', 'summary.md']);
      expect(paths).toHaveLength(4);
      expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toBe(renderFormat(r, 'md'));
      expect(JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')).id).toBe(r.id);
    } finally {
      rmSync(join(dir, '..', '..'), { recursive: true, force: true });
    }
  });

  it('renders each format and rejects unknown ones', () => {
    const r = sampleResult();
    for (const f of REPORT_FORMATS) expect(renderFormat(r, f).length).toBeGreaterThan(100);
    expect(renderFormat(r, 'junit')).toMatch(/^<\?xml/);
    expect(() => renderFormat(r, 'pdf' as never)).toThrow(/unknown report format/);
  });
});
