import { beforeEach, describe, expect, it } from 'vitest';
import type { ChildLink, ExpectedLineage, LedgerPort, RecordDecisionResult } from '#core/ports/ledger.js';
import {
  CHILD_JOB_ID,
  CHILD_LINK,
  CLAIMED,
  CLAIMED_AT,
  LEASE_MS,
  ROOT_JOB_ID,
  retryDecision,
  SUBMITTED_AT,
  seed,
  T0,
} from './ledger-fixtures.js';

/**
 * Children recorded from their own events (docs/ledger.md, "Children"): the write that records a
 * child's failure or closes its lineage also records it on its parent's decision, and checks that it
 * is that child. Run by `describeLedgerContract`.
 */
export function describeChildContract(
  ledgerOf: () => LedgerPort,
  recordRoot: () => Promise<RecordDecisionResult>,
): void {
  describe('children', () => {
    let ledger: LedgerPort;
    beforeEach(async () => {
      ledger = ledgerOf();
      await recordRoot();
      await ledger.claimSubmission({
        rootJobId: ROOT_JOB_ID,
        failedJobId: ROOT_JOB_ID,
        claimToken: 't',
        at: CLAIMED_AT,
        leaseMs: LEASE_MS,
      });
    });

    const childFails = (
      child: ChildLink = CHILD_LINK,
      expected: ExpectedLineage = { kind: 'attempts', totalAttempts: 1 },
    ) =>
      ledger.recordDecision({
        seed: seed(),
        expected,
        decision: retryDecision({ failedJobId: child.jobId, decidedAt: SUBMITTED_AT }),
        countsDelta: { infrastructure: 1 },
        child,
      });

    it("records a child's failure and the child itself on its parent's decision in one write", async () => {
      const result = await childFails();

      expect(result.outcome).toBe('recorded');
      const { request: _dropped, ...parent } = retryDecision();
      expect(result.lineage?.decisions[0]).toEqual({
        ...parent,
        submission: { ...CLAIMED, state: 'SUBMITTED', childJobId: CHILD_JOB_ID, submittedAt: SUBMITTED_AT },
      });
      expect(result.lineage?.decisions[1]?.failedJobId).toBe(CHILD_JOB_ID);
      expect(await ledger.getLineage(ROOT_JOB_ID)).toEqual(result.lineage);
    });

    it('accepts a child without a claim token only when it is the recorded child (submitted before tokens)', async () => {
      const { claimToken: _none, ...untagged } = CHILD_LINK;
      const stranger = await childFails({ ...untagged, jobId: 'tagged-by-hand' });
      await ledger.recordSubmission({
        rootJobId: ROOT_JOB_ID,
        failedJobId: ROOT_JOB_ID,
        claimToken: 't',
        childJobId: CHILD_JOB_ID,
        at: SUBMITTED_AT,
      });

      const recorded = await childFails(untagged, { kind: 'attempts', totalAttempts: 1 });

      expect(stranger.outcome).toBe('stale');
      expect(recorded.outcome).toBe('recorded');
    });

    it("refuses a job carrying another claim's token, and a second child once one is recorded", async () => {
      const before = await ledger.getLineage(ROOT_JOB_ID);

      const copy = await childFails({ ...CHILD_LINK, claimToken: 'never-issued' });
      await childFails();
      const second = await childFails(
        { ...CHILD_LINK, jobId: 'a-copy-of-the-child' },
        { kind: 'attempts', totalAttempts: 2 },
      );

      expect(copy).toEqual({ outcome: 'stale', lineage: before });
      expect(second.outcome).toBe('stale');
      expect((await ledger.getLineage(ROOT_JOB_ID))?.decisions).toHaveLength(2);
    });

    it('refuses a child of a decision that was never claimed', async () => {
      await ledger.recordDecision({
        seed: seed(),
        expected: { kind: 'version', version: 2 },
        decision: retryDecision({ failedJobId: 'other-failure' }),
        countsDelta: {},
      });

      const unclaimed = await childFails(
        { parentJobId: 'other-failure', jobId: 'its-child', claimToken: 't' },
        {
          kind: 'attempts',
          totalAttempts: 2,
        },
      );

      expect(unclaimed.outcome).toBe('stale');
    });

    it('closes the lineage as RECOVERED and records the child in one write', async () => {
      const closed = await ledger.closeLineage({
        rootJobId: ROOT_JOB_ID,
        status: 'RECOVERED',
        at: T0 + 3_600_000,
        child: CHILD_LINK,
      });

      expect(closed.outcome).toBe('closed');
      expect(closed.lineage).toMatchObject({ status: 'RECOVERED', closedAt: T0 + 3_600_000 });
      expect(closed.lineage?.decisions[0]?.submission).toMatchObject({
        state: 'SUBMITTED',
        childJobId: CHILD_JOB_ID,
      });
    });

    it('does not close the lineage for a job that is not the child', async () => {
      const before = await ledger.getLineage(ROOT_JOB_ID);

      const closed = await ledger.closeLineage({
        rootJobId: ROOT_JOB_ID,
        status: 'RECOVERED',
        at: T0 + 3_600_000,
        child: { ...CHILD_LINK, claimToken: 'copied-from-elsewhere' },
      });

      expect(closed).toEqual({ outcome: 'unchanged', lineage: before });
    });

    it("leaves a decision's request in place until its child is known, then drops it", async () => {
      const claimed = await ledger.getLineage(ROOT_JOB_ID);
      await childFails({ ...CHILD_LINK }, { kind: 'attempts', totalAttempts: 1 });
      const linked = await ledger.getLineage(ROOT_JOB_ID);

      expect(claimed?.decisions[0]).toHaveProperty('request');
      expect(linked?.decisions[0]).not.toHaveProperty('request');
    });
  });
}
