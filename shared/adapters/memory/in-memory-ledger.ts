import type { DecisionRecord, Lineage, SubmissionRecord } from '#core/lineage/index.js';
import {
  applyDecision,
  childLinkProblem,
  claimLostError,
  findDecision,
  linkChild,
} from '#core/lineage/index.js';
import type {
  ClaimResult,
  CloseResult,
  ExpectedLineage,
  LedgerPort,
  RecordDecisionResult,
} from '#core/ports/index.js';

type Args<K extends keyof LedgerPort> = Parameters<LedgerPort[K]>[0];

/** True when `lineage` (possibly missing) is what the caller expected. */
function holds(lineage: Lineage | undefined, expected: ExpectedLineage): boolean {
  if (expected.kind === 'new') return lineage === undefined;
  if (lineage === undefined) return false;
  if (expected.kind === 'version') return lineage.version === expected.version;
  return lineage.status === 'OPEN' && lineage.totalAttempts === expected.totalAttempts;
}

/**
 * The ledger in process memory, with the semantics of the DynamoDB ledger (proven by the shared
 * contract suite): every write checks and changes one lineage atomically and bumps its version.
 * Records go in and come out as deep copies, so callers can never change what is stored. Nothing
 * expires. For the simulator, the CLI and fast tests.
 */
export class InMemoryLedger implements LedgerPort {
  readonly #lineages = new Map<string, Lineage>();

  async getLineage(rootJobId: string): Promise<Lineage | undefined> {
    return this.#copy(rootJobId);
  }

  async recordDecision(args: Args<'recordDecision'>): Promise<RecordDecisionResult> {
    const { seed, expected, decision, countsDelta, child } = structuredClone(args);
    const existing = this.#lineages.get(seed.rootJobId);
    const earlier = existing === undefined ? undefined : findDecision(existing, decision.failedJobId);
    if (existing !== undefined && earlier !== undefined) {
      return { outcome: 'duplicate', lineage: structuredClone(existing), decision: structuredClone(earlier) };
    }
    const linkable =
      child === undefined || (existing !== undefined && childLinkProblem(existing, child) === undefined);
    if (!holds(existing, expected) || !linkable)
      return { outcome: 'stale', lineage: this.#copy(seed.rootJobId) };
    const next = applyDecision(existing ?? seed, decision, countsDelta, child);
    this.#lineages.set(seed.rootJobId, next);
    return { outcome: 'recorded', lineage: structuredClone(next) };
  }

  async closeLineage(args: Args<'closeLineage'>): Promise<CloseResult> {
    const lineage = this.#lineages.get(args.rootJobId);
    const child = args.child;
    if (
      lineage?.status !== 'OPEN' ||
      (child !== undefined && childLinkProblem(lineage, child) !== undefined)
    ) {
      return { outcome: 'unchanged', lineage: this.#copy(args.rootJobId) };
    }
    const linked = child === undefined ? lineage : linkChild(lineage, child, args.at);
    const next: Lineage = { ...linked, status: args.status, closedAt: args.at, version: lineage.version + 1 };
    this.#lineages.set(args.rootJobId, next);
    return { outcome: 'closed', lineage: structuredClone(next) };
  }

  async claimSubmission(args: Args<'claimSubmission'>): Promise<ClaimResult> {
    const lineage = this.#lineages.get(args.rootJobId);
    const decision = lineage === undefined ? undefined : findDecision(lineage, args.failedJobId);
    if (lineage === undefined || decision?.action !== 'RETRY') return { outcome: 'no-decision' };
    if (decision.submission !== undefined) {
      return {
        outcome: 'held',
        submission: structuredClone(decision.submission),
        lineage: structuredClone(lineage),
      };
    }
    if (lineage.status !== 'OPEN') return { outcome: 'closed', status: lineage.status };
    const submission: SubmissionRecord = {
      state: 'CLAIMED',
      claimToken: args.claimToken,
      claimedAt: args.at,
      leaseUntil: args.at + args.leaseMs,
    };
    const next = this.#replaceDecision(lineage, { ...decision, submission });
    return {
      outcome: 'claimed',
      decision: structuredClone(findDecision(next, args.failedJobId) as DecisionRecord),
      lineage: structuredClone(next),
    };
  }

  async takeOverClaim(args: Args<'takeOverClaim'>): Promise<boolean> {
    if (this.#lineages.get(args.rootJobId)?.status !== 'OPEN') return false;
    return this.#updateClaim(
      args.rootJobId,
      args.failedJobId,
      args.staleToken,
      ({ nothingSubmitted: _, ...held }) => ({
        ...held,
        claimToken: args.claimToken,
        leaseUntil: args.at + args.leaseMs,
        previousTokens: [...(held.previousTokens ?? []), held.claimToken],
      }),
    );
  }

  async releaseClaim(args: Args<'releaseClaim'>): Promise<boolean> {
    return this.#updateClaim(args.rootJobId, args.failedJobId, args.claimToken, (held) => ({
      ...held,
      leaseUntil: 0,
      nothingSubmitted: true,
    }));
  }

  async recordSubmission(args: Args<'recordSubmission'>): Promise<void> {
    const lineage = this.#lineages.get(args.rootJobId);
    const decision = lineage === undefined ? undefined : findDecision(lineage, args.failedJobId);
    const held = decision?.submission;
    if (held?.state === 'SUBMITTED' && held.childJobId === args.childJobId) return;
    if (lineage === undefined || held?.state !== 'CLAIMED' || held.claimToken !== args.claimToken) {
      throw claimLostError(args, held);
    }
    const child = { parentJobId: args.failedJobId, jobId: args.childJobId, claimToken: args.claimToken };
    this.#lineages.set(args.rootJobId, {
      ...linkChild(lineage, child, args.at),
      version: lineage.version + 1,
    });
  }

  async recordOrphan(args: Args<'recordOrphan'>): Promise<boolean> {
    const lineage = this.#lineages.get(args.rootJobId);
    const parent = lineage === undefined ? undefined : findDecision(lineage, args.parentJobId);
    if (lineage === undefined || parent === undefined || parent.orphans?.includes(args.jobId) === true)
      return false;
    this.#replaceDecision(lineage, { ...parent, orphans: [...(parent.orphans ?? []), args.jobId] });
    return true;
  }

  #copy(rootJobId: string): Lineage | undefined {
    const lineage = this.#lineages.get(rootJobId);
    return lineage === undefined ? undefined : structuredClone(lineage);
  }

  /** Applies `change` to a claim still CLAIMED under `token`; false when it is not. */
  #updateClaim(
    rootJobId: string,
    failedJobId: string,
    token: string,
    change: (held: SubmissionRecord) => SubmissionRecord,
  ): boolean {
    const lineage = this.#lineages.get(rootJobId);
    const decision = lineage === undefined ? undefined : findDecision(lineage, failedJobId);
    const held = decision?.submission;
    if (lineage === undefined || decision === undefined || held?.state !== 'CLAIMED') return false;
    if (held.claimToken !== token) return false;
    this.#replaceDecision(lineage, { ...decision, submission: change(held) });
    return true;
  }

  /** Stores `lineage` with one decision replaced (same failed job id) and the version bumped. */
  #replaceDecision(lineage: Lineage, decision: DecisionRecord): Lineage {
    const next = {
      ...lineage,
      decisions: lineage.decisions.map((d) => (d.failedJobId === decision.failedJobId ? decision : d)),
      version: lineage.version + 1,
    };
    this.#lineages.set(lineage.rootJobId, next);
    return next;
  }
}
