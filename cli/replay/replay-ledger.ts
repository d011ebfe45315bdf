import { InMemoryLedger } from '#adapters/memory/index.js';
import type { Lineage } from '#core/lineage/index.js';
import type { ClaimResult, CloseResult, LedgerPort, RecordDecisionResult } from '#core/ports/index.js';

/** The claim token of every replayed retry: production's tokens are not known to a replay. */
export const REPLAY_CLAIM = 'replay';

/** Lineages a replay keeps by default before it forgets the least recently used one. */
export const DEFAULT_MAX_LINEAGES = 20_000;

interface Entry {
  readonly ledger: InMemoryLedger;
}

/**
 * The ledger of a replay: {@link InMemoryLedger} semantics, with memory that does not grow with the
 * input. Each lineage lives in its own InMemoryLedger, so every call behaves exactly as the in-memory
 * ledger would, and two things differ:
 * - the SubmitJob `request` of a decision is dropped before it is stored (a replay never submits);
 * - at most `maxLineages` lineages are kept; opening one more forgets the least recently used one
 *   (any read or write counts as a use). A later event of a forgotten lineage opens it afresh, with
 *   fresh budgets, so `evicted` in the report says how far the replay may differ from production.
 */
export class ReplayLedger implements LedgerPort {
  readonly maxLineages: number;
  /** Lineages by root job id, least recently used first (Map keeps insertion order). */
  readonly #lineages = new Map<string, Entry>();
  #evicted = 0;
  #peak = 0;

  /** @param maxLineages at least 1; default {@link DEFAULT_MAX_LINEAGES} */
  constructor(maxLineages = DEFAULT_MAX_LINEAGES) {
    if (!Number.isInteger(maxLineages) || maxLineages < 1) {
      throw new RangeError(`maxLineages must be a whole number of at least 1, not ${maxLineages}`);
    }
    this.maxLineages = maxLineages;
  }

  /** Lineages held now. */
  get size(): number {
    return this.#lineages.size;
  }

  /** The most lineages ever held at once (never above `maxLineages`). */
  get peakLineages(): number {
    return this.#peak;
  }

  /** How many lineages were forgotten to stay within `maxLineages`. */
  get evicted(): number {
    return this.#evicted;
  }

  async getLineage(rootJobId: string): Promise<Lineage | undefined> {
    return this.#use(rootJobId)?.ledger.getLineage(rootJobId);
  }

  async recordDecision(args: Parameters<LedgerPort['recordDecision']>[0]): Promise<RecordDecisionResult> {
    const { request: _neverSubmitted, ...decision } = args.decision;
    const rootJobId = args.seed.rootJobId;
    const entry = this.#use(rootJobId) ?? this.#open(rootJobId);
    const result = await entry.ledger.recordDecision({ ...args, decision });
    if (result.outcome === 'recorded' && decision.action === 'RETRY') {
      // A replay never submits, but the recorded events hold the children production submitted:
      // claim each retry at once so that its child's events are recognised as the child.
      await entry.ledger.claimSubmission({
        rootJobId,
        failedJobId: decision.failedJobId,
        claimToken: REPLAY_CLAIM,
        at: decision.decidedAt,
        leaseMs: 0,
      });
      return { outcome: 'recorded', lineage: (await entry.ledger.getLineage(rootJobId)) ?? result.lineage };
    }
    return result;
  }

  async closeLineage(args: Parameters<LedgerPort['closeLineage']>[0]): Promise<CloseResult> {
    return this.#ledgerOf(args.rootJobId).closeLineage(args);
  }

  async claimSubmission(args: Parameters<LedgerPort['claimSubmission']>[0]): Promise<ClaimResult> {
    return this.#ledgerOf(args.rootJobId).claimSubmission(args);
  }

  async takeOverClaim(args: Parameters<LedgerPort['takeOverClaim']>[0]): Promise<boolean> {
    return this.#ledgerOf(args.rootJobId).takeOverClaim(args);
  }

  async releaseClaim(args: Parameters<LedgerPort['releaseClaim']>[0]): Promise<boolean> {
    return this.#ledgerOf(args.rootJobId).releaseClaim(args);
  }

  async recordSubmission(args: Parameters<LedgerPort['recordSubmission']>[0]): Promise<void> {
    await this.#ledgerOf(args.rootJobId).recordSubmission(args);
  }

  async recordOrphan(args: Parameters<LedgerPort['recordOrphan']>[0]): Promise<boolean> {
    return this.#ledgerOf(args.rootJobId).recordOrphan(args);
  }

  /** The lineage's ledger, or an empty one, so an unknown lineage answers as InMemoryLedger would. */
  #ledgerOf(rootJobId: string): InMemoryLedger {
    return this.#use(rootJobId)?.ledger ?? new InMemoryLedger();
  }

  /** The entry of a kept lineage, marked as the most recently used. */
  #use(rootJobId: string): Entry | undefined {
    const entry = this.#lineages.get(rootJobId);
    if (entry === undefined) return undefined;
    this.#lineages.delete(rootJobId);
    this.#lineages.set(rootJobId, entry);
    return entry;
  }

  #open(rootJobId: string): Entry {
    const entry: Entry = { ledger: new InMemoryLedger() };
    this.#lineages.set(rootJobId, entry);
    if (this.#lineages.size > this.maxLineages) this.#evictOldest();
    this.#peak = Math.max(this.#peak, this.#lineages.size);
    return entry;
  }

  #evictOldest(): void {
    const oldest = this.#lineages.entries().next();
    if (oldest.done === true) return;
    const [rootJobId] = oldest.value;
    this.#lineages.delete(rootJobId);
    this.#evicted++;
  }
}
