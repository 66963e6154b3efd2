import type { FlowResult, Result } from 'lighthouse';
import { runError } from '../../util/errors.ts';
import type { Page } from './browser.ts';
import { configFor, runFlags, type RunValues } from './navigation-run.ts';
import type { Flow, FormFactor } from './settings.ts';
import { absoluteUrl, runSteps, type StepValues } from './steps.ts';

export interface FlowRun {
  values: RunValues;
  result: FlowResult;
}

/**
 * One run of a flow: the page is loaded (unmeasured) unless the tab is already on it, then the steps run inside a
 * Lighthouse timespan, which measures what the interactions cost: INP (the slowest input to the next paint), the
 * main-thread blocking they caused, layout shifts. Timespans cannot simulate a device: Lighthouse applies its
 * throttling to the browser instead (4x CPU and slow 4G on mobile), as a phone would feel the input.
 */
export async function flowRun(page: Page, flow: Flow, baseUrl: string, formFactor: FormFactor, values: StepValues, loaded: boolean): Promise<FlowRun> {
  const { startFlow } = await import('lighthouse');
  const url = absoluteUrl(baseUrl, flow.page);
  const where = `flow "${flow.name}"`;
  const userFlow = await startFlow(page, { name: `${flow.name} (${formFactor})`, config: await configFor(formFactor), flags: { ...runFlags(), formFactor } });
  if (!loaded) await runSteps(page, [{ goto: flow.page }], baseUrl, values, where);
  if (flow.ready) await runSteps(page, [{ waitFor: flow.ready }], baseUrl, values, `${where} ready`);
  await userFlow.startTimespan({ name: flow.name });
  try {
    await runSteps(page, flow.steps, baseUrl, values, where);
    await nextPaints(page);
  } finally {
    await userFlow.endTimespan();
  }
  const result = await userFlow.createFlowResult();
  const lhr = result.steps[0]?.lhr;
  if (!lhr) throw runError(`lighthouse: ${where}: no result`);
  return { values: flowValues(lhr, url, where), result };
}

/**
 * An input's timing reaches the trace only once the frame after it is presented: a last step that returns at once
 * (a waitFor already met) would end the timespan before the input it waited on is recorded.
 */
async function nextPaints(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((done) => {
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 100)));
      }),
  );
}

/** INP, TBT and CLS of a timespan. No INP means the steps gave the page no input (only waits or storage). */
export function flowValues(lhr: Result, url: string, where: string): RunValues {
  if (lhr.runtimeError) throw runError(`lighthouse: ${where} at ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const values: RunValues = new Map();
  const read = (metric: string, audit: string) => {
    const v = lhr.audits[audit]?.numericValue;
    if (typeof v === 'number' && Number.isFinite(v)) values.set(metric, v);
  };
  read('inp', 'interaction-to-next-paint');
  read('tbt', 'total-blocking-time');
  read('cls', 'cumulative-layout-shift');
  if (!values.has('inp')) throw runError(`lighthouse: ${where}: no interaction was recorded; give it a { click } or { fill } step`);
  return values;
}
