import { beforeEach, describe, expect, it } from 'vitest';
import { LedgerStateError } from '#core/lineage/errors.js';
import type { LedgerPort, RecordDecisionResult } from '#core/ports/ledger.js';
import { CHILD_JOB_ID, exitDecision, GRANDCHILD_JOB_ID, ROOT_JOB_ID, seed, T0 } from './ledger-fixtures.js';

const claim = (token: string, at = T0 + 60_000) => ({
  rootJobId: ROOT_JOB_ID,
  failedJobId: ROOT_JOB_ID,
  claimToken: token,
  at,
});

const submission = (token: string, childJobId = CHILD_JOB_ID) => ({
  rootJobId: ROOT_JOB_ID,
  failedJobId: ROOT_JOB_ID,
  claimToken: token,
  childJobId,
  at: T0 + 61_000,
});

/**
 * The resubmission part of the ledger contract (G2): claim, take-over and record, run by
 * `describeLedgerContract` with its ledger and a helper that records the root's RETRY decision.
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
      it('claims a RETRY decision once and reports the claim as held afterwards', async () => {
        const first = await ledger.claimSubmission(claim('token-a'));
        const second = await ledger.claimSubmission(claim('token-b', T0 + 70_000));

        const expected = { state: 'CLAIMED', claimToken: 'token-a', claimedAt: T0 + 60_000 };
        expect(first).toEqual({ outcome: 'claimed', submission: expected });
        expect(second).toEqual({ outcome: 'held', submission: expected });
        const lineage = await ledger.getLineage(ROOT_JOB_ID);
        expect(lineage?.decisions[0]?.submission).toEqual(expected);
        expect(lineage?.version).toBe(2);
      });

      it('grants exactly one of five concurrent claims', async () => {
        const results = await Promise.all(
          ['t1', 't2', 't3', 't4', 't5'].map((token) => ledger.claimSubmission(claim(token))),
        );

        const claimed = results.filter((r) => r.outcome === 'claimed');
        expect(claimed).toHaveLength(1);
        const winner = claimed[0]?.outcome === 'claimed' ? claimed[0].submission : undefined;
        for (const r of results.filter((x) => x.outcome === 'held')) {
          expect(r).toEqual({ outcome: 'held', submission: winner });
        }
        expect(results.filter((r) => r.outcome === 'held')).toHaveLength(4);
      });

      it('reports no-decision for an EXIT decision, an unknown failed job and an unknown lineage', async () => {
        await ledger.recordDecision({
          seed: seed(),
          expectedVersion: 1,
          decision: exitDecision(),
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
    });

    describe('takeOverClaim', () => {
      it('takes over a claim only with its stale token', async () => {
        await ledger.claimSubmission(claim('stale'));
        const takeOver = { rootJobId: ROOT_JOB_ID, failedJobId: ROOT_JOB_ID, at: T0 + 900_000 };

        const wrong = await ledger.takeOverClaim({ ...takeOver, staleToken: 'other', claimToken: 'fresh' });
        const right = await ledger.takeOverClaim({ ...takeOver, staleToken: 'stale', claimToken: 'fresh' });
        const twice = await ledger.takeOverClaim({ ...takeOver, staleToken: 'stale', claimToken: 'third' });

        expect([wrong, right, twice]).toEqual([false, true, false]);
        const lineage = await ledger.getLineage(ROOT_JOB_ID);
        expect(lineage?.decisions[0]?.submission).toEqual({
          state: 'CLAIMED',
          claimToken: 'fresh',
          claimedAt: T0 + 900_000,
        });
      });

      it('refuses to take over a claim that is already submitted or was never made', async () => {
        const takeOver = { rootJobId: ROOT_JOB_ID, failedJobId: ROOT_JOB_ID, claimToken: 'new', at: T0 };

        const unclaimed = await ledger.takeOverClaim({ ...takeOver, staleToken: 'a' });
        await ledger.claimSubmission(claim('a'));
        await ledger.recordSubmission(submission('a'));
        const submitted = await ledger.takeOverClaim({ ...takeOver, staleToken: 'a' });

        expect([unclaimed, submitted]).toEqual([false, false]);
      });
    });

    describe('releaseClaim', () => {
      it("ends the lease of the caller's own claim and keeps it claimed", async () => {
        await ledger.claimSubmission(claim('mine'));
        const release = { rootJobId: ROOT_JOB_ID, failedJobId: ROOT_JOB_ID, at: T0 + 61_000 };

        const other = await ledger.releaseClaim({ ...release, claimToken: 'not-mine' });
        const mine = await ledger.releaseClaim({ ...release, claimToken: 'mine' });

        expect([other, mine]).toEqual([false, true]);
        const lineage = await ledger.getLineage(ROOT_JOB_ID);
        expect(lineage?.decisions[0]?.submission).toEqual({
          state: 'CLAIMED',
          claimToken: 'mine',
          claimedAt: 0,
        });
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
      it('records the child as SUBMITTED, drops the stored request and indexes the child', async () => {
        await ledger.claimSubmission(claim('token-a'));

        await ledger.recordSubmission(submission('token-a'));

        const decision = (await ledger.getLineage(ROOT_JOB_ID))?.decisions[0];
        expect(decision?.submission).toEqual({
          state: 'SUBMITTED',
          claimToken: 'token-a',
          claimedAt: T0 + 60_000,
          childJobId: CHILD_JOB_ID,
          submittedAt: T0 + 61_000,
        });
        expect(decision).not.toHaveProperty('request');
        expect(await ledger.findRootJobId(CHILD_JOB_ID)).toBe(ROOT_JOB_ID);
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
        await ledger.takeOverClaim({
          rootJobId: ROOT_JOB_ID,
          failedJobId: ROOT_JOB_ID,
          staleToken: 'old',
          claimToken: 'new',
          at: T0 + 900_000,
        });

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
  });
}
