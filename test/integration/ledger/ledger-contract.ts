import { beforeEach, describe, expect, it } from 'vitest';
import type { LedgerPort } from '#core/ports/ledger.js';
import { describeChildContract } from './ledger-contract-children.js';
import { describeSubmissionContract } from './ledger-contract-submissions.js';
import { CHILD_JOB_ID, exitDecision, ROOT_JOB_ID, retryDecision, seed, T0 } from './ledger-fixtures.js';

/** Builds a fresh, empty ledger for each test. */
export type LedgerFactory = () => Promise<LedgerPort>;

/**
 * The behaviour every LedgerPort implementation must show, run against each one (in memory, and
 * DynamoDB through dynalite). The guarantees G1 and G2 rest on these properties.
 */
export function describeLedgerContract(name: string, factory: LedgerFactory): void {
  describe(`${name} (ledger contract)`, () => {
    let ledger: LedgerPort;
    beforeEach(async () => {
      ledger = await factory();
    });

    const recordRoot = () =>
      ledger.recordDecision({
        seed: seed(),
        expected: { kind: 'new' },
        decision: retryDecision(),
        countsDelta: { infrastructure: 1 },
      });

    describe('recordDecision', () => {
      it('creates the lineage on the first decision and counts its attempts and class', async () => {
        const result = await recordRoot();

        expect(result.outcome).toBe('recorded');
        expect(result.lineage).toEqual({
          ...seed(),
          status: 'OPEN',
          counts: { infrastructure: 1 },
          totalAttempts: 1,
          decisions: [retryDecision()],
          version: 1,
        });
        expect(await ledger.getLineage(ROOT_JOB_ID)).toEqual(result.lineage);
      });

      it('appends a later decision at the expected version and adds to the counts in order', async () => {
        await recordRoot();

        const result = await ledger.recordDecision({
          seed: seed(),
          expected: { kind: 'version', version: 1 },
          decision: retryDecision({ failedJobId: CHILD_JOB_ID, decidedAt: T0 + 120_000 }),
          countsDelta: { infrastructure: 1, application: 1 },
        });

        expect(result.outcome).toBe('recorded');
        if (result.outcome !== 'recorded') return;
        expect(result.lineage.version).toBe(2);
        expect(result.lineage.counts).toEqual({ infrastructure: 2, application: 1 });
        expect(result.lineage.totalAttempts).toBe(2);
        expect(result.lineage.decisions.map((d) => d.failedJobId)).toEqual([ROOT_JOB_ID, CHILD_JOB_ID]);
        expect(await ledger.getLineage(ROOT_JOB_ID)).toEqual(result.lineage);
      });

      it('appends a decision made on the attempts a child carries while they still hold', async () => {
        const { lineage: before } = await recordRoot();

        const stale = await ledger.recordDecision({
          seed: seed(),
          expected: { kind: 'attempts', totalAttempts: 7 },
          decision: exitDecision(),
          countsDelta: { application: 2 },
        });
        const fresh = await ledger.recordDecision({
          seed: seed(),
          expected: { kind: 'attempts', totalAttempts: 1 },
          decision: exitDecision(),
          countsDelta: { application: 2 },
        });

        expect(stale).toEqual({ outcome: 'stale', lineage: before });
        expect(fresh.outcome).toBe('recorded');
        expect(fresh.lineage?.totalAttempts).toBe(3);
      });

      it('returns the stored decision as a duplicate and counts it once when the same job fails twice', async () => {
        const first = await recordRoot();

        const again = await ledger.recordDecision({
          seed: seed(),
          expected: { kind: 'new' },
          decision: retryDecision({ reason: 'decided again by a redelivery', delaySeconds: 5 }),
          countsDelta: { infrastructure: 1 },
        });
        const atCurrentVersion = await ledger.recordDecision({
          seed: seed(),
          expected: { kind: 'version', version: 1 },
          decision: retryDecision({ reason: 'decided a third time' }),
          countsDelta: { infrastructure: 1 },
        });

        expect(again).toEqual({ outcome: 'duplicate', lineage: first.lineage, decision: retryDecision() });
        expect(atCurrentVersion).toEqual(again);
        expect(await ledger.getLineage(ROOT_JOB_ID)).toEqual(first.lineage);
      });

      it('records exactly one of five concurrent deliveries of the first decision', async () => {
        const results = await Promise.all(Array.from({ length: 5 }, () => recordRoot()));

        expect(results.filter((r) => r.outcome === 'recorded')).toHaveLength(1);
        expect(results.filter((r) => r.outcome === 'duplicate')).toHaveLength(4);
        const lineage = await ledger.getLineage(ROOT_JOB_ID);
        expect(lineage?.totalAttempts).toBe(1);
        expect(lineage?.counts).toEqual({ infrastructure: 1 });
        expect(lineage?.version).toBe(1);
      });

      it('records exactly one of five concurrent deliveries of a later decision', async () => {
        await recordRoot();
        const deliver = () =>
          ledger.recordDecision({
            seed: seed(),
            expected: { kind: 'version', version: 1 },
            decision: exitDecision(),
            countsDelta: { application: 2 },
          });

        const results = await Promise.all(Array.from({ length: 5 }, deliver));

        expect(results.filter((r) => r.outcome === 'recorded')).toHaveLength(1);
        const lineage = await ledger.getLineage(ROOT_JOB_ID);
        expect(lineage?.counts).toEqual({ infrastructure: 1, application: 2 });
        expect(lineage?.totalAttempts).toBe(3);
        expect(lineage?.decisions).toHaveLength(2);
      });

      it('writes nothing and returns the stored lineage for a decision made on a stale version', async () => {
        await recordRoot();
        await ledger.claimSubmission({
          rootJobId: ROOT_JOB_ID,
          failedJobId: ROOT_JOB_ID,
          claimToken: 't',
          at: T0 + 1,
          leaseMs: 1,
        });
        const before = await ledger.getLineage(ROOT_JOB_ID);

        const stale = await ledger.recordDecision({
          seed: seed(),
          expected: { kind: 'version', version: 1 },
          decision: exitDecision(),
          countsDelta: { application: 2 },
        });

        expect(stale).toEqual({ outcome: 'stale', lineage: before });
        expect(await ledger.getLineage(ROOT_JOB_ID)).toEqual(before);
      });

      it('returns stale for a first decision when another job opened the lineage meanwhile', async () => {
        const opened = await recordRoot();

        const late = await ledger.recordDecision({
          seed: seed(),
          expected: { kind: 'new' },
          decision: exitDecision(),
          countsDelta: { application: 2 },
        });

        expect(late).toEqual({ outcome: 'stale', lineage: opened.lineage });
      });

      it('returns stale without a lineage for an expected version of a lineage that does not exist', async () => {
        const missing = await ledger.recordDecision({
          seed: seed(),
          expected: { kind: 'version', version: 3 },
          decision: retryDecision(),
          countsDelta: {},
        });

        expect(missing).toEqual({ outcome: 'stale', lineage: undefined });
        expect(await ledger.getLineage(ROOT_JOB_ID)).toBeUndefined();
      });

      it('closes the lineage as GAVE_UP in the same write when the decision is EXIT, unless an orphan made it', async () => {
        await recordRoot();

        const orphan = await ledger.recordDecision({
          seed: seed(),
          expected: { kind: 'version', version: 1 },
          decision: exitDecision({ failedJobId: 'duplicate-child', orphan: true }),
          countsDelta: { application: 1 },
        });
        const result = await ledger.recordDecision({
          seed: seed(),
          expected: { kind: 'version', version: 2 },
          decision: exitDecision(),
          countsDelta: { application: 2 },
        });

        expect(orphan.lineage?.status).toBe('OPEN');
        expect(orphan.lineage?.totalAttempts).toBe(3);
        expect(result.lineage?.status).toBe('GAVE_UP');
        expect(result.lineage?.closedAt).toBe(exitDecision().decidedAt);
      });
    });

    describe('closeLineage', () => {
      it('closes an open lineage once and returns it closed', async () => {
        await recordRoot();

        const first = await ledger.closeLineage({ rootJobId: ROOT_JOB_ID, status: 'RECOVERED', at: T0 + 9 });
        const second = await ledger.closeLineage({ rootJobId: ROOT_JOB_ID, status: 'GAVE_UP', at: T0 + 10 });

        expect(first.outcome).toBe('closed');
        expect(first.lineage).toMatchObject({ status: 'RECOVERED', closedAt: T0 + 9, version: 2 });
        expect(second).toEqual({ outcome: 'unchanged', lineage: first.lineage });
        expect(await ledger.getLineage(ROOT_JOB_ID)).toEqual(first.lineage);
      });

      it('changes nothing for a lineage it never saw', async () => {
        expect(await ledger.closeLineage({ rootJobId: 'nope', status: 'RECOVERED', at: T0 })).toEqual({
          outcome: 'unchanged',
          lineage: undefined,
        });
      });
    });

    describe('stored records', () => {
      it('are copies that callers cannot change through inputs or results', async () => {
        const decision = retryDecision();
        const result = await ledger.recordDecision({
          seed: seed(),
          expected: { kind: 'new' },
          decision,
          countsDelta: { infrastructure: 1 },
        });
        const read = await ledger.getLineage(ROOT_JOB_ID);

        (decision as { reason: string }).reason = 'changed by the caller';
        (decision.request?.parameters as Record<string, string>).date = 'changed';
        (result.lineage?.counts as Record<string, number>).infrastructure = 99;
        (read?.decisions[0] as { action: string }).action = 'EXIT';

        const stored = await ledger.getLineage(ROOT_JOB_ID);
        expect(stored?.decisions[0]).toEqual(retryDecision());
        expect(stored?.counts).toEqual({ infrastructure: 1 });
      });
    });

    describeSubmissionContract(() => ledger, recordRoot);
    describeChildContract(() => ledger, recordRoot);
  });
}
