import { beforeEach, describe, expect, it } from 'vitest';
import { LedgerStateError } from '#core/lineage/errors.js';
import type { LedgerPort, RecordDecisionResult } from '#core/ports/ledger.js';
import {
  CHILD_JOB_ID,
  exitDecision,
  GRANDCHILD_JOB_ID,
  LEASE_MS,
  ROOT_JOB_ID,
  retryDecision,
  seed,
  T0,
} from './ledger-fixtures.js';

const claim = (token: string, at = T0 + 60_000) => ({
  rootJobId: ROOT_JOB_ID,
  failedJobId: ROOT_JOB_ID,
  claimToken: token,
  at,
  leaseMs: LEASE_MS,
});

const submission = (token: string, childJobId = CHILD_JOB_ID) => ({
  rootJobId: ROOT_JOB_ID,
  failedJobId: ROOT_JOB_ID,
  claimToken: token,
  childJobId,
  at: T0 + 61_000,
});

const takeOver = (staleToken: string, claimToken: string, at = T0 + 900_000) => ({
  rootJobId: ROOT_JOB_ID,
  failedJobId: ROOT_JOB_ID,
  staleToken,
  claimToken,
  at,
  leaseMs: LEASE_MS,
});

/**
 * The resubmission part of the ledger contract (G2): claim, take-over, release, record and
 * duplicates, run by `describeLedgerContract` with its ledger and a helper that records the root's
 * RETRY decision.
 */
export function describeSubmissionContract(
  ledgerOf: () => LedgerPort,
  recordRoot: () => Promise<RecordDecisionResult>,
): void {
  describe('resubmission', () => {
    let ledger: LedgerPort;
    beforeEach(async () => {
      ledger = ledgerOf();
      await recordRoot();
    });

    describe('claimSubmission', () => {
      it('claims a RETRY decision once, returning its request, and reports the claim as held afterwards', async () => {
        const first = await ledger.claimSubmission(claim('token-a'));
        const second = await ledger.claimSubmission(claim('token-b', T0 + 70_000));

        const expected = {
          state: 'CLAIMED',
          claimToken: 'token-a',
          claimedAt: T0 + 60_000,
          leaseUntil: T0 + 360_000,
        };
        expect(first.outcome).toBe('claimed');
        if (first.outcome !== 'claimed') return;
        expect(first.decision).toEqual({ ...retryDecision(), submission: expected });
        expect(first.lineage.version).toBe(2);
        expect(second).toEqual({ outcome: 'held', submission: expected, lineage: first.lineage });
        expect(await ledger.getLineage(ROOT_JOB_ID)).toEqual(first.lineage);
      });

      it('grants exactly one of five concurrent claims', async () => {
        const results = await Promise.all(
          ['t1', 't2', 't3', 't4', 't5'].map((token) => ledger.claimSubmission(claim(token))),
        );

        const claimed = results.filter((r) => r.outcome === 'claimed');
        expect(claimed).toHaveLength(1);
        const winner = claimed[0]?.outcome === 'claimed' ? claimed[0].decision.submission : undefined;
        const held = results.filter((r) => r.outcome === 'held');
        expect(held).toHaveLength(4);
        for (const r of held) expect(r.outcome === 'held' && r.submission).toEqual(winner);
      });

      it('reports no-decision for an EXIT decision, an unknown failed job and an unknown lineage', async () => {
        await ledger.recordDecision({
          seed: seed(),
          expected: { kind: 'version', version: 1 },
          decision: exitDecision({ orphan: true }),
          countsDelta: {},
        });

        const exit = await ledger.claimSubmission({ ...claim('t'), failedJobId: CHILD_JOB_ID });
        const unknownJob = await ledger.claimSubmission({ ...claim('t'), failedJobId: 'never-failed' });
        const unknownLineage = await ledger.claimSubmission({ ...claim('t'), rootJobId: 'never-seen' });

        expect([exit, unknownJob, unknownLineage]).toEqual([
          { outcome: 'no-decision' },
          { outcome: 'no-decision' },
          { outcome: 'no-decision' },
        ]);
      });

      it('refuses to claim a retry of a closed lineage', async () => {
        await ledger.closeLineage({ rootJobId: ROOT_JOB_ID, status: 'GAVE_UP', at: T0 + 1 });

        expect(await ledger.claimSubmission(claim('late'))).toEqual({ outcome: 'closed', status: 'GAVE_UP' });
      });
    });

    describe('takeOverClaim', () => {
      it('takes over a claim only with its stale token, keeping that token on record and claimedAt as it was', async () => {
        await ledger.claimSubmission(claim('stale'));

        const wrong = await ledger.takeOverClaim(takeOver('other', 'fresh'));
        const right = await ledger.takeOverClaim(takeOver('stale', 'fresh'));
        const twice = await ledger.takeOverClaim(takeOver('stale', 'third'));

        expect([wrong, right, twice]).toEqual([false, true, false]);
        const lineage = await ledger.getLineage(ROOT_JOB_ID);
        expect(lineage?.decisions[0]?.submission).toEqual({
          state: 'CLAIMED',
          claimToken: 'fresh',
          claimedAt: T0 + 60_000,
          leaseUntil: T0 + 900_000 + LEASE_MS,
          previousTokens: ['stale'],
        });
      });

      it('refuses to take over a claim that was never made, is submitted, or belongs to a closed lineage', async () => {
        const unclaimed = await ledger.takeOverClaim(takeOver('a', 'new'));
        await ledger.claimSubmission(claim('a'));
        await ledger.recordSubmission(submission('a'));
        const submitted = await ledger.takeOverClaim(takeOver('a', 'new'));

        expect([unclaimed, submitted]).toEqual([false, false]);
      });

      it('refuses to take over the claim of a lineage that was closed meanwhile', async () => {
        await ledger.claimSubmission(claim('a'));
        await ledger.closeLineage({ rootJobId: ROOT_JOB_ID, status: 'GAVE_UP', at: T0 + 1 });

        expect(await ledger.takeOverClaim(takeOver('a', 'new'))).toBe(false);
      });
    });

    describe('releaseClaim', () => {
      it("ends the lease of the caller's own claim, notes nothing was submitted, and keeps claimedAt", async () => {
        await ledger.claimSubmission(claim('mine'));
        const release = { rootJobId: ROOT_JOB_ID, failedJobId: ROOT_JOB_ID, at: T0 + 61_000 };

        const other = await ledger.releaseClaim({ ...release, claimToken: 'not-mine' });
        const mine = await ledger.releaseClaim({ ...release, claimToken: 'mine' });

        expect([other, mine]).toEqual([false, true]);
        const lineage = await ledger.getLineage(ROOT_JOB_ID);
        expect(lineage?.decisions[0]?.submission).toEqual({
          state: 'CLAIMED',
          claimToken: 'mine',
          claimedAt: T0 + 60_000,
          leaseUntil: 0,
          nothingSubmitted: true,
        });
      });

      it('forgets "nothing submitted" when the claim is taken over', async () => {
        await ledger.claimSubmission(claim('mine'));
        await ledger.releaseClaim({
          rootJobId: ROOT_JOB_ID,
          failedJobId: ROOT_JOB_ID,
          claimToken: 'mine',
          at: T0,
        });

        await ledger.takeOverClaim(takeOver('mine', 'next'));

        const submission = (await ledger.getLineage(ROOT_JOB_ID))?.decisions[0]?.submission;
        expect(submission).not.toHaveProperty('nothingSubmitted');
      });

      it('refuses to release a claim that is already submitted', async () => {
        await ledger.claimSubmission(claim('mine'));
        await ledger.recordSubmission(submission('mine'));

        const released = await ledger.releaseClaim({
          rootJobId: ROOT_JOB_ID,
          failedJobId: ROOT_JOB_ID,
          claimToken: 'mine',
          at: T0 + 62_000,
        });

        expect(released).toBe(false);
      });
    });

    describe('recordSubmission', () => {
      it('records the child as SUBMITTED and drops the stored request', async () => {
        await ledger.claimSubmission(claim('token-a'));

        await ledger.recordSubmission(submission('token-a'));

        const decision = (await ledger.getLineage(ROOT_JOB_ID))?.decisions[0];
        expect(decision?.submission).toEqual({
          state: 'SUBMITTED',
          claimToken: 'token-a',
          claimedAt: T0 + 60_000,
          leaseUntil: T0 + 360_000,
          childJobId: CHILD_JOB_ID,
          submittedAt: T0 + 61_000,
        });
        expect(decision).not.toHaveProperty('request');
      });

      it('accepts the same child twice without writing again', async () => {
        await ledger.claimSubmission(claim('token-a'));
        await ledger.recordSubmission(submission('token-a'));
        const before = await ledger.getLineage(ROOT_JOB_ID);

        await ledger.recordSubmission(submission('token-a'));

        expect(await ledger.getLineage(ROOT_JOB_ID)).toEqual(before);
      });

      it('rejects a wrong claim token with LedgerStateError and leaves the claim untouched', async () => {
        await ledger.claimSubmission(claim('token-a'));
        const before = await ledger.getLineage(ROOT_JOB_ID);

        await expect(ledger.recordSubmission(submission('token-b'))).rejects.toBeInstanceOf(LedgerStateError);
        expect(await ledger.getLineage(ROOT_JOB_ID)).toEqual(before);
      });

      it('rejects the former holder after a take-over and a second child after submission', async () => {
        await ledger.claimSubmission(claim('old'));
        await ledger.takeOverClaim(takeOver('old', 'new'));

        await expect(ledger.recordSubmission(submission('old'))).rejects.toThrow(/may be a duplicate/);
        await ledger.recordSubmission(submission('new'));
        await expect(ledger.recordSubmission(submission('new', GRANDCHILD_JOB_ID))).rejects.toBeInstanceOf(
          LedgerStateError,
        );
      });

      it('rejects a submission that was never claimed', async () => {
        await expect(ledger.recordSubmission(submission('token-a'))).rejects.toBeInstanceOf(LedgerStateError);
      });
    });

    describe('recordOrphan', () => {
      it('records a duplicate child once on its parent decision', async () => {
        await ledger.claimSubmission(claim('a'));
        const orphan = { rootJobId: ROOT_JOB_ID, parentJobId: ROOT_JOB_ID, jobId: 'duplicate-1', at: T0 + 1 };

        const first = await ledger.recordOrphan(orphan);
        const again = await ledger.recordOrphan(orphan);
        const second = await ledger.recordOrphan({ ...orphan, jobId: 'duplicate-2' });

        expect([first, again, second]).toEqual([true, false, true]);
        const lineage = await ledger.getLineage(ROOT_JOB_ID);
        expect(lineage?.decisions[0]?.orphans).toEqual(['duplicate-1', 'duplicate-2']);
        expect(lineage?.totalAttempts).toBe(1);
      });

      it('records nothing for a parent without a decision or an unknown lineage', async () => {
        const unknownParent = await ledger.recordOrphan({
          rootJobId: ROOT_JOB_ID,
          parentJobId: 'never-failed',
          jobId: 'x',
          at: T0,
        });
        const unknownLineage = await ledger.recordOrphan({
          rootJobId: 'nope',
          parentJobId: 'nope',
          jobId: 'x',
          at: T0,
        });

        expect([unknownParent, unknownLineage]).toEqual([false, false]);
      });
    });
  });
}
