import { describe, expect, it } from 'vitest';
import { InMemoryLedger } from '#adapters/memory/in-memory-ledger.js';
import { ReplayLedger } from '#cli/replay/replay-ledger.js';
import { LedgerStateError } from '#core/lineage/errors.js';
import type { LedgerPort } from '#core/ports/ledger.js';
import {
  CHILD_JOB_ID,
  playGaveUpLineage,
  ROOT_JOB_ID,
  retryDecision,
  seed,
  T0,
} from '../../../integration/ledger/ledger-fixtures.js';

/** Opens lineage `root-<i>` with one RETRY decision for the job `job-<i>`. */
async function openLineage(ledger: LedgerPort, i: number): Promise<void> {
  await ledger.recordDecision({
    seed: { ...seed(), rootJobId: `root-${i}` },
    expectedVersion: undefined,
    decision: retryDecision({ failedJobId: `job-${i}` }),
    countsDelta: { infrastructure: 1 },
  });
}

describe('ReplayLedger', () => {
  it('ends a lineage in the same state as InMemoryLedger, except that no SubmitJob request is stored', async () => {
    const reference = new InMemoryLedger();
    const replay = new ReplayLedger();

    await playGaveUpLineage(reference);
    await playGaveUpLineage(replay);

    const expected = await reference.getLineage(ROOT_JOB_ID);
    expect(await replay.getLineage(ROOT_JOB_ID)).toEqual(expected);
    expect(await replay.findRootJobId(CHILD_JOB_ID)).toBe(ROOT_JOB_ID);
    expect(await replay.closeLineage({ rootJobId: ROOT_JOB_ID, status: 'RECOVERED', at: T0 })).toBe(false);
  });

  it('drops the SubmitJob request of a RETRY decision before storing it', async () => {
    const ledger = new ReplayLedger();

    const result = await ledger.recordDecision({
      seed: seed(),
      expectedVersion: undefined,
      decision: retryDecision(),
      countsDelta: { infrastructure: 1 },
    });

    const { request: _dropped, ...withoutRequest } = retryDecision();
    expect(result.lineage.decisions).toEqual([withoutRequest]);
    expect((await ledger.getLineage(ROOT_JOB_ID))?.decisions[0]).not.toHaveProperty('request');
  });

  it('answers for an unknown lineage as InMemoryLedger does', async () => {
    const ledger = new ReplayLedger();
    const args = { rootJobId: 'nobody', failedJobId: 'nobody', claimToken: 't', at: T0 };

    expect(await ledger.getLineage('nobody')).toBeUndefined();
    expect(await ledger.findRootJobId('nobody')).toBeUndefined();
    expect(await ledger.claimSubmission(args)).toEqual({ outcome: 'no-decision' });
    expect(await ledger.takeOverClaim({ ...args, staleToken: 's' })).toBe(false);
    expect(await ledger.closeLineage({ rootJobId: 'nobody', status: 'RECOVERED', at: T0 })).toBe(false);
    await expect(ledger.markAlerted(args)).rejects.toBeInstanceOf(LedgerStateError);
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

  it('forgets the least recently used lineage, with its job ids', async () => {
    const ledger = new ReplayLedger(2);
    await openLineage(ledger, 0);
    await openLineage(ledger, 1);

    await ledger.getLineage('root-0');
    await openLineage(ledger, 2);

    expect(await ledger.getLineage('root-1')).toBeUndefined();
    expect(await ledger.findRootJobId('job-1')).toBeUndefined();
    expect((await ledger.getLineage('root-0'))?.rootJobId).toBe('root-0');
    expect(await ledger.findRootJobId('job-2')).toBe('root-2');
    expect(ledger.evicted).toBe(1);
  });

  it('refuses a maxLineages below 1', () => {
    expect(() => new ReplayLedger(0)).toThrow(RangeError);
  });
});
