import { DashboardBuilder, DashboardCursorSync, MappingType } from '@grafana/grafana-foundation-sdk/dashboard';
import { addSections } from './layout.ts';
import { stat, timeseries } from './panels.ts';
import { failureRatio, histogramQuantile, sumRate, sumRateOrZero } from './promql.ts';
import { TARGETS } from './standards.ts';
import { datasourceVariable, labelVariable } from './variables.ts';

const JOB = 'job=~"$job"';
const PROCESSED = `payment_processing_duration_seconds_count{${JOB}}`;
const PAYMENT_REQUESTS = `${JOB}, method="POST", route="/payments"`;
/** Share of POST /payments answered without a server error. Declines (fraud, insufficient funds) are answers, not failures. */
const SUCCESS_RATIO = `1 - (${failureRatio('http_request_duration_seconds_count', PAYMENT_REQUESTS, 'status_code=~"5.."')})`;

/** Payments against the standards: throughput, end-to-end processing, fraud analysis, FX, success rate. */
export function paypassPayments(): DashboardBuilder {
  const dashboard = new DashboardBuilder('PayPass payments')
    .uid('paypass-payments')
    .description('Payments per second, processing time (p2p and cross-border), fraud analysis, FX providers and success rate against the performance standards.')
    .tags(['paypass', 'perfgate'])
    .time({ from: 'now-1h', to: 'now' })
    .refresh('10s')
    .tooltip(DashboardCursorSync.Crosshair)
    .withVariable(datasourceVariable())
    .withVariable(labelVariable('job', 'job', 'payment_processing_duration_seconds_count'));
  return addSections(dashboard, [
    {
      title: 'Throughput and success',
      panels: [
        {
          width: 6,
          panel: stat({
            title: 'Payments per second',
            description: 'Payments that reached a final state (settled or declined) per second.',
            unit: 'ops',
            target: TARGETS.paymentsPerSecond,
            queries: [{ expr: sumRate(PROCESSED) }],
          }),
        },
        {
          width: 6,
          panel: stat({
            title: 'Success rate',
            description: 'Share of POST /payments answered without a server error (5xx). Declines are correct answers, not failures.',
            unit: 'percentunit',
            target: TARGETS.paymentSuccessRatio,
            queries: [{ expr: SUCCESS_RATIO }],
          }),
        },
        {
          width: 12,
          panel: timeseries({
            title: 'Payments per second by type',
            description: 'Final payments per second, p2p and cross-border, and in all.',
            unit: 'ops',
            target: TARGETS.paymentsPerSecond,
            min: 0,
            queries: [
              { expr: sumRate(PROCESSED), legend: 'all' },
              { expr: sumRate(PROCESSED, ['payment_type']), legend: '{{payment_type}}' },
            ],
          }),
        },
        {
          width: 12,
          panel: timeseries({
            title: 'Success rate over time',
            description: 'Share of POST /payments answered without a server error.',
            unit: 'percentunit',
            target: TARGETS.paymentSuccessRatio,
            max: 1,
            queries: [{ expr: SUCCESS_RATIO, legend: 'success' }],
          }),
        },
        {
          width: 12,
          panel: timeseries({
            title: 'POST /payments responses by status',
            description: '201 settled or accepted, 4xx refused (validation, insufficient funds, idempotency conflicts), 5xx failed.',
            unit: 'reqps',
            min: 0,
            queries: [{ expr: sumRate(`http_request_duration_seconds_count{${PAYMENT_REQUESTS}}`, ['status_code']), legend: '{{status_code}}' }],
          }),
        },
      ],
    },
    {
      title: 'Processing time (accepted to final, end to end)',
      panels: [
        {
          width: 8,
          panel: timeseries({
            title: 'P2P processing p95',
            description: 'From the API accepting a payment to its final state, queue wait included.',
            unit: 's',
            target: TARGETS.processingP95Seconds,
            min: 0,
            queries: [
              { expr: histogramQuantile(0.95, 'payment_processing_duration_seconds', `${JOB}, payment_type="p2p"`), legend: 'p95' },
              { expr: histogramQuantile(0.99, 'payment_processing_duration_seconds', `${JOB}, payment_type="p2p"`), legend: 'p99' },
            ],
          }),
        },
        {
          width: 8,
          panel: timeseries({
            title: 'Cross-border processing p95',
            description: 'Cross-border payments end to end: FX quote from the providers, conversion and settlement in both currencies.',
            unit: 's',
            target: TARGETS.crossBorderP95Seconds,
            min: 0,
            queries: [
              { expr: histogramQuantile(0.95, 'payment_processing_duration_seconds', `${JOB}, payment_type="cross_border"`), legend: 'p95' },
              { expr: histogramQuantile(0.99, 'payment_processing_duration_seconds', `${JOB}, payment_type="cross_border"`), legend: 'p99' },
            ],
          }),
        },
        {
          width: 8,
          panel: timeseries({
            title: 'Processing p95 by currency',
            description: 'Source currency of the payment.',
            unit: 's',
            min: 0,
            queries: [{ expr: histogramQuantile(0.95, 'payment_processing_duration_seconds', JOB, ['currency']), legend: '{{currency}}' }],
          }),
        },
      ],
    },
    {
      title: 'Fraud analysis and FX',
      panels: [
        {
          width: 8,
          panel: timeseries({
            title: 'Fraud analysis p95',
            description: 'Velocity, amount and location checks, run in parallel for every payment.',
            unit: 's',
            target: TARGETS.fraudP95Seconds,
            min: 0,
            queries: [
              { expr: histogramQuantile(0.95, 'fraud_analysis_duration_seconds', JOB), legend: 'p95' },
              { expr: histogramQuantile(0.99, 'fraud_analysis_duration_seconds', JOB), legend: 'p99' },
            ],
          }),
        },
        {
          width: 8,
          panel: timeseries({
            title: 'Fraud decisions per second',
            description: 'Payments approved and blocked by the fraud checks.',
            unit: 'ops',
            min: 0,
            queries: [{ expr: sumRate(`fraud_analysis_duration_seconds_count{${JOB}}`, ['outcome']), legend: '{{outcome}}' }],
          }),
        },
        {
          width: 8,
          panel: stat({
            title: 'FX provider circuit breakers',
            description: 'Per FX provider: closed (answering), half-open (on trial), open (skipped after repeated failures or timeouts).',
            unit: 'short',
            showName: true,
            queries: [{ expr: `max by (provider) (fx_provider_circuit_state{${JOB}})`, legend: '{{provider}}' }],
            mappings: [
              {
                type: MappingType.ValueToText,
                options: {
                  '0': { text: 'closed', color: 'green', index: 0 },
                  '1': { text: 'half-open', color: 'orange', index: 1 },
                  '2': { text: 'open', color: 'red', index: 2 },
                },
              },
            ],
          }),
        },
      ],
    },
    {
      title: 'Backlog and errors',
      panels: [
        {
          width: 12,
          panel: timeseries({
            title: 'Payment queue depth',
            description: 'Payments accepted but not yet picked up by a worker.',
            unit: 'short',
            min: 0,
            queries: [{ expr: `sum by (queue) (payment_queue_depth{${JOB}})`, legend: '{{queue}}' }],
          }),
        },
        {
          width: 12,
          panel: timeseries({
            title: 'Processing errors per second',
            description: 'Errors thrown while processing (retried by the queue; marked failed on the last attempt), by type; 0 while payments flow without any.',
            unit: 'ops',
            min: 0,
            queries: [{ expr: sumRateOrZero(`errors_total{${JOB}, service="payment_service"}`, PROCESSED, ['error_type']), legend: '{{error_type}}' }],
          }),
        },
      ],
    },
  ]);
}
