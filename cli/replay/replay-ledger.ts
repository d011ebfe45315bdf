import { InMemoryLedger } from '#adapters/memory/index.js';
import type { Lineage } from '#core/lineage/index.js';
import type { ClaimResult, LedgerPort, RecordDecisionResult } from '#core/ports/index.js';

/** Lineages a replay keeps by default before it forgets the least recently used one. */
export const DEFAULT_MAX_LINEAGES = 20_000;

interface Entry {
  readonly ledger: InMemoryLedger;
  /** Every job id indexed under this lineage, so that forgetting it also empties the index. */
  readonly jobIds: Set<string>;
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
  /** Job id (root, failed or child) -> root job id, for the lineages still kept. */
  readonly #roots = new Map<string, string>();
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

  async findRootJobId(jobId: string): Promise<string | undefined> {
    return this.#roots.get(jobId);
  }

  async recordDecision(args: Parameters<LedgerPort['recordDecision']>[0]): Promise<RecordDecisionResult> {
    const { request: _neverSubmitted, ...decision } = args.decision;
    const rootJobId = args.seed.rootJobId;
    const entry = this.#use(rootJobId) ?? this.#open(rootJobId);
    const result = await entry.ledger.recordDecision({ ...args, decision });
    this.#index(entry, rootJobId, rootJobId);
    this.#index(entry, decision.failedJobId, rootJobId);
    return result;
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
    const entry = this.#use(args.rootJobId);
    await (entry?.ledger ?? new InMemoryLedger()).recordSubmission(args);
    if (entry !== undefined) this.#index(entry, args.childJobId, args.rootJobId);
  }

  async closeLineage(args: Parameters<LedgerPort['closeLineage']>[0]): Promise<boolean> {
    return this.#ledgerOf(args.rootJobId).closeLineage(args);
  }

  async markAlerted(args: Parameters<LedgerPort['markAlerted']>[0]): Promise<void> {
    return this.#ledgerOf(args.rootJobId).markAlerted(args);
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
    const entry: Entry = { ledger: new InMemoryLedger(), jobIds: new Set() };
    this.#lineages.set(rootJobId, entry);
    if (this.#lineages.size > this.maxLineages) this.#evictOldest();
    this.#peak = Math.max(this.#peak, this.#lineages.size);
    return entry;
  }

  #evictOldest(): void {
    const oldest = this.#lineages.entries().next();
    if (oldest.done === true) return;
    const [rootJobId, entry] = oldest.value;
    this.#lineages.delete(rootJobId);
    for (const jobId of entry.jobIds) {
      if (this.#roots.get(jobId) === rootJobId) this.#roots.delete(jobId);
    }
    this.#evicted++;
  }

  #index(entry: Entry, jobId: string, rootJobId: string): void {
    entry.jobIds.add(jobId);
    this.#roots.set(jobId, rootJobId);
  }
}
