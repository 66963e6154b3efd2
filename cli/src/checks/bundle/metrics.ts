import type { MetricDescriptor } from '../../model/index.ts';
import { metric } from '../check.ts';

/** Per `bundle:initial`, `route:<name>`, `bundle:total`, `images:total` or `file:<path>`; bytes are exact. */
// A chunk or route new in this build is compared against 0 bytes: growth by a new lazy chunk is growth.
const absentIsZero = (d: MetricDescriptor): MetricDescriptor => ({ ...d, zeroWhenAbsent: true });

export const BUNDLE_METRICS: readonly MetricDescriptor[] = [
  metric('gzip.bytes', 'bytes', 'lower', false, 'bytes after gzip -9, what most browsers download'),
  metric('brotli.bytes', 'bytes', 'lower', false, 'bytes after brotli quality 11'),
  metric('raw.bytes', 'bytes', 'lower', false, 'bytes as built, what the browser parses'),
  metric('files.count', 'count', 'lower', false, 'files in the group'),
].map(absentIsZero);
