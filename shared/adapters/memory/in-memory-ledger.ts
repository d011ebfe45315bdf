import type { DecisionRecord, Lineage, SubmissionRecord } from '#core/lineage/index.js';
import {
  applyDecision,
  claimLostError,
  findDecision,
  LedgerConflictError,
  missingDecisionError,
} from '#core/lineage/index.js';
import type { ClaimResult, LedgerPort, RecordDecisionResult } from '#core/ports/index.js';

type RecordDecisionArgs = Parameters<LedgerPort['recordDecision']>[0];

/**
 * The ledger in process memory, with the semantics of the DynamoDB ledger (proven by the shared
 * contract suite): every write checks and changes one lineage atomically and bumps its version.
 * Records go in and come out as deep copies, so callers can never change what is stored. Nothing
 * expires. For the simulator, the CLI and fast tests.
 */
export class InMemoryLedger implements LedgerPort {
  readonly #lineages = new Map<string, Lineage>();
  /** Job id (root, failed or child) -> root job id. */
  readonly #roots = new Map<string, string>();

  async getLineage(rootJobId: string): Promise<Lineage | undefined> {
    const lineage = this.#lineages.get(rootJobId);
    return lineage === undefined ? undefined : structuredClone(lineage);
  }

  async findRootJobId(jobId: string): Promise<string | undefined> {
    return this.#roots.get(jobId);
  }

  async recordDecision(args: RecordDecisionArgs): Promise<RecordDecisionResult> {
    const { seed, expectedVersion, decision, countsDelta } = structuredClone(args);
    this.#roots.set(seed.rootJobId, seed.rootJobId);
    this.#roots.set(decision.failedJobId, seed.rootJobId);
    const existing = this.#lineages.get(seed.rootJobId);
    const earlier = existing === undefined ? undefined : findDecision(existing, decision.failedJobId);
    if (existing !== undefined && earlier !== undefined) {
      return { outcome: 'duplicate', lineage: structuredClone(existing), decision: structuredClone(earlier) };
    }
    if (expectedVersion !== existing?.version) throw new LedgerConflictError(seed.rootJobId);
    const next = applyDecision(existing ?? seed, decision, countsDelta);
    this.#lineages.set(seed.rootJobId, next);
    return { outcome: 'recorded', lineage: structuredClone(next) };
  }

  async claimSubmission(args: Parameters<LedgerPort['claimSubmission']>[0]): Promise<ClaimResult> {
    const lineage = this.#lineages.get(args.rootJobId);
    const decision = lineage === undefined ? undefined : findDecision(lineage, args.failedJobId);
    if (lineage === undefined || decision?.action !== 'RETRY') return { outcome: 'no-decision' };
    if (decision.submission !== undefined) {
      return { outcome: 'held', submission: structuredClone(decision.submission) };
    }
    const submission: SubmissionRecord = {
      state: 'CLAIMED',
      claimToken: args.claimToken,
      claimedAt: args.at,
    };
    this.#replaceDecision(lineage, { ...decision, submission });
    return { outcome: 'claimed', submission: structuredClone(submission) };
  }

  async takeOverClaim(args: Parameters<LedgerPort['takeOverClaim']>[0]): Promise<boolean> {
    const lineage = this.#lineages.get(args.rootJobId);
    const decision = lineage === undefined ? undefined : findDecision(lineage, args.failedJobId);
    const held = decision?.submission;
    if (lineage === undefined || decision === undefined || held?.state !== 'CLAIMED') return false;
    if (held.claimToken !== args.staleToken) return false;
    this.#replaceDecision(lineage, {
      ...decision,
      submission: { ...held, claimToken: args.claimToken, claimedAt: args.at },
    });
    return true;
  }

  async releaseClaim(args: Parameters<LedgerPort['releaseClaim']>[0]): Promise<boolean> {
    return this.takeOverClaim({ ...args, staleToken: args.claimToken, at: 0 });
  }

  async recordSubmission(args: Parameters<LedgerPort['recordSubmission']>[0]): Promise<void> {
    this.#roots.set(args.childJobId, args.rootJobId);
    const lineage = this.#lineages.get(args.rootJobId);
    const decision = lineage === undefined ? undefined : findDecision(lineage, args.failedJobId);
    const held = decision?.submission;
    if (held?.state === 'SUBMITTED' && held.childJobId === args.childJobId) return;
    if (lineage === undefined || decision === undefined || held?.state !== 'CLAIMED') {
      throw claimLostError(args, held);
    }
    if (held.claimToken !== args.claimToken) throw claimLostError(args, held);
    const { request: _submitted, ...rest } = decision;
    this.#replaceDecision(lineage, {
      ...rest,
      submission: { ...held, state: 'SUBMITTED', childJobId: args.childJobId, submittedAt: args.at },
    });
  }

  async closeLineage(args: Parameters<LedgerPort['closeLineage']>[0]): Promise<boolean> {
    const lineage = this.#lineages.get(args.rootJobId);
    if (lineage?.status !== 'OPEN') return false;
    this.#lineages.set(args.rootJobId, {
      ...lineage,
      status: args.status,
      closedAt: args.at,
      version: lineage.version + 1,
    });
    return true;
  }

  async markAlerted(args: Parameters<LedgerPort['markAlerted']>[0]): Promise<void> {
    const lineage = this.#lineages.get(args.rootJobId);
    const decision = lineage === undefined ? undefined : findDecision(lineage, args.failedJobId);
    if (lineage === undefined || decision === undefined) {
      throw missingDecisionError('markAlerted', args.rootJobId, args.failedJobId);
    }
    this.#replaceDecision(lineage, { ...decision, alertedAt: decision.alertedAt ?? args.at });
  }

  /** Stores `lineage` with one decision replaced (same failed job id) and the version bumped. */
  #replaceDecision(lineage: Lineage, decision: DecisionRecord): void {
    this.#lineages.set(lineage.rootJobId, {
      ...lineage,
      decisions: lineage.decisions.map((d) => (d.failedJobId === decision.failedJobId ? decision : d)),
      version: lineage.version + 1,
    });
  }
}
