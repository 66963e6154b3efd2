import type { MetricDescriptor } from '../../model/index.ts';
import { metric } from '../check.ts';

/**
 * Per `page:<path> <form factor>` (a navigation) and `flow:<name> <form factor>` (a timespan over scripted input:
 * INP, TBT and CLS only); each Lighthouse run is one sample.
 */
export const LIGHTHOUSE_METRICS: readonly MetricDescriptor[] = [
  // Lab runs (caches cleared before each) vary by tens of milliseconds; Lighthouse's own guidance calls a few points of score noise.
  metric('lcp', 'ms', 'lower', true, 'Largest Contentful Paint', { noiseFloor: { relative: 0.05, absolute: 50 } }),
  metric('fcp', 'ms', 'lower', true, 'First Contentful Paint', { noiseFloor: { relative: 0.05, absolute: 50 } }),
  metric('tbt', 'ms', 'lower', true, "Total Blocking Time (a page load, or a flow's interactions), the lab proxy of input delay", { noiseFloor: { relative: 0.1, absolute: 50 } }),
  metric('inp', 'ms', 'lower', true, "Interaction to Next Paint over a flow's scripted input, the lab measure of input delay", {
    noiseFloor: { relative: 0.1, absolute: 16 },
  }),
  metric('cls', 'score', 'lower', true, 'Cumulative Layout Shift', { noiseFloor: { absolute: 0.01 } }),
  metric('si', 'ms', 'lower', true, 'Speed Index', { noiseFloor: { relative: 0.05, absolute: 50 } }),
  metric('tti', 'ms', 'lower', true, 'Time to Interactive', { noiseFloor: { relative: 0.05, absolute: 50 } }),
  metric('score.performance', 'score', 'higher', true, 'Lighthouse performance score, 0-100', { noiseFloor: { absolute: 3 } }),
  metric('requests.count', 'count', 'lower', true, 'requests the page made'),
  metric('bytes.total', 'bytes', 'lower', true, 'bytes transferred for the page'),
  metric('bytes.images', 'bytes', 'lower', true, 'bytes transferred for images'),
];
