import type { MetricDescriptor } from '../../model/index.ts';
import { metric } from '../check.ts';

/** Per `page:<path> <form factor>`; each Lighthouse run (in a fresh browser) is one sample. */
export const LIGHTHOUSE_METRICS: readonly MetricDescriptor[] = [
  metric('lcp', 'ms', 'lower', true, 'Largest Contentful Paint'),
  metric('fcp', 'ms', 'lower', true, 'First Contentful Paint'),
  metric('tbt', 'ms', 'lower', true, 'Total Blocking Time, the lab proxy of input delay'),
  metric('cls', 'score', 'lower', true, 'Cumulative Layout Shift'),
  metric('si', 'ms', 'lower', true, 'Speed Index'),
  metric('tti', 'ms', 'lower', true, 'Time to Interactive'),
  metric('score.performance', 'score', 'higher', true, 'Lighthouse performance score, 0-100'),
  metric('requests.count', 'count', 'lower', true, 'requests the page made'),
  metric('bytes.total', 'bytes', 'lower', true, 'bytes transferred for the page'),
  metric('bytes.images', 'bytes', 'lower', true, 'bytes transferred for images'),
];
