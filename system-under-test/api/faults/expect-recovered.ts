import { expect } from 'vitest';
import { SETTLE_BOUND_MS, type FaultOutcome, type FaultRun } from './fault-run.ts';

/** What every fault must leave behind: nothing stuck, nothing lost or applied twice, an API that works again. */
export async function expectRecovered(run: FaultRun, outcome: FaultOutcome): Promise<void> {
  expect(outcome.accepted, 'payments were accepted during the run').toBeGreaterThan(0);
  expect(
    Object.keys(outcome.refused).filter((k) => k.endsWith('without Retry-After') || k.startsWith('500')),
    'refusals without Retry-After, or 500s',
  ).toEqual([]);
  expect(outcome.completed + outcome.failed, `every accepted payment completed or failed within ${SETTLE_BOUND_MS} ms`).toBe(outcome.accepted);
  const ledger = await run.ledgerChecks();
  expect(ledger.sumsAfter, 'balance sum per currency').toEqual(ledger.sumsBefore);
  expect(ledger.accountsOffLedger, 'accounts whose balance is not their ledger').toBe(0);
  expect(ledger.unbalancedPayments, 'payments whose entries do not sum to zero').toBe(0);
  expect(ledger.appliedTwice, 'payments applied twice, or entries of a payment not completed').toBe(0);
  expect(await run.payOnce(), 'a payment after the fault, same process').toBe(201);
}
