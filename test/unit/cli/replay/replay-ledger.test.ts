import { describe, expect, it } from 'vitest';
import { ReplayLedger } from '#cli/replay/replay-ledger.js';
import { LedgerStateError } from '#core/lineage/errors.js';
import type { LedgerPort } from '#core/ports/ledger.js';
import {
  CHILD_JOB_ID,
  CHILD_LINK,
  exitDecision,
  ROOT_JOB_ID,
  retryDecision,
  seed,
  T0,
} from '../../../integration/ledger/ledger-fixtures.js';

/** Opens lineage `root-<i>` with one RETRY decision for the job `job-<i>`. */
async function openLineage(ledger: LedgerPort, i: number): Promise<void> {
  await ledger.recordDecision({
    seed: { ...seed(), rootJobId: `root-${i}` },
    expected: { kind: 'new' },
    decision: retryDecision({ failedJobId: `job-${i}` }),
    countsDelta: { infrastructure: 1 },
  });
}

describe('ReplayLedger', () => {
  it('drops the SubmitJob request of a RETRY decision and claims it at once, as a replay never submits', async () => {
    const ledger = new ReplayLedger();

    const result = await ledger.recordDecision({
      seed: seed(),
      expected: { kind: 'new' },
      decision: retryDecision(),
      countsDelta: { infrastructure: 1 },
    });

    const decision = result.lineage?.decisions[0];
    expect(decision).not.toHaveProperty('request');
    expect(decision?.submission).toMatchObject({ state: 'CLAIMED', claimToken: 'replay' });
    expect(await ledger.getLineage(ROOT_JOB_ID)).toEqual(result.lineage);
  });

  it('recognises the recorded children production submitted, whatever claim token they carry', async () => {
    const ledger = new ReplayLedger();
    await ledger.recordDecision({
      seed: seed(),
      expected: { kind: 'new' },
      decision: retryDecision(),
      countsDelta: {},
    });

    const child = await ledger.recordDecision({
      seed: seed(),
      expected: { kind: 'attempts', totalAttempts: 1 },
      decision: exitDecision(),
      countsDelta: { application: 2 },
      child: { ...CHILD_LINK, claimToken: 'replay' },
    });

    expect(child.outcome).toBe('recorded');
    expect(child.lineage?.decisions[0]?.submission?.childJobId).toBe(CHILD_JOB_ID);
    expect(child.lineage?.status).toBe('GAVE_UP');
  });

  it('answers for an unknown lineage as InMemoryLedger does', async () => {
    const ledger = new ReplayLedger();
    const args = { rootJobId: 'nobody', failedJobId: 'nobody', claimToken: 't', at: T0 };

    expect(await ledger.getLineage('nobody')).toBeUndefined();
    expect(await ledger.claimSubmission({ ...args, leaseMs: 1 })).toEqual({ outcome: 'no-decision' });
    expect(await ledger.takeOverClaim({ ...args, staleToken: 's', leaseMs: 1 })).toBe(false);
    expect(await ledger.closeLineage({ rootJobId: 'nobody', status: 'RECOVERED', at: T0 })).toEqual({
      outcome: 'unchanged',
      lineage: undefined,
    });
    await expect(ledger.recordSubmission({ ...args, childJobId: 'c' })).rejects.toBeInstanceOf(
      LedgerStateError,
    );
    expect(ledger.size).toBe(0);
  });

  it('never holds more than maxLineages and counts every lineage it forgot', async () => {
    const ledger = new ReplayLedger(100);

    for (let i = 0; i < 1_000; i++) await openLineage(ledger, i);

    expect(ledger.size).toBe(100);
    expect(ledger.peakLineages).toBe(100);
    expect(ledger.evicted).toBe(900);
  });

  it('forgets the least recently used lineage', async () => {
    const ledger = new ReplayLedger(2);
    await openLineage(ledger, 0);
    await openLineage(ledger, 1);

    await ledger.getLineage('root-0');
    await openLineage(ledger, 2);

    expect(await ledger.getLineage('root-1')).toBeUndefined();
    expect((await ledger.getLineage('root-0'))?.rootJobId).toBe('root-0');
    expect(ledger.evicted).toBe(1);
  });

  it('refuses a maxLineages below 1', () => {
    expect(() => new ReplayLedger(0)).toThrow(RangeError);
  });
});
