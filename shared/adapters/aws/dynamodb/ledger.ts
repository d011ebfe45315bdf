import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Lineage, SubmissionRecord } from '#core/lineage/index.js';
import { applyDecision, claimLostError, findDecision } from '#core/lineage/index.js';
import type { ClaimResult, CloseResult, LedgerPort, RecordDecisionResult } from '#core/ports/index.js';
import { expiresAtFor, fromLineageItem, lineageKey, toLineageItem } from './ledger-item.js';
import { LEDGER_TTL_ATTRIBUTE } from './ledger-table.js';
import {
  appendDecisionUpdate,
  claimUpdate,
  closeUpdate,
  type LineageUpdate,
  orphanUpdate,
  releaseUpdate,
  submissionUpdate,
  takeOverUpdate,
} from './ledger-updates.js';
import { ConditionFailed, sendToLedger } from './send.js';

/** Default days an item lives after its last write before DynamoDB TTL may delete it. */
const DEFAULT_LEDGER_TTL_DAYS = 30;

export interface DynamoDbLedgerOptions {
  /** A DynamoDB client (region, endpoint, credentials and retry mode are the caller's choice). */
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Days after the last write until `expiresAt`. @default 30 */
  readonly ttlDays?: number;
}

type Args<K extends keyof LedgerPort> = Parameters<LedgerPort[K]>[0];

/** Names every update uses; path segments go through names because job ids hold ':' and '#'. */
const BASE_NAMES = { '#v': 'version', '#exp': LEDGER_TTL_ATTRIBUTE };

/**
 * The retry ledger on DynamoDB. Each lineage is one item and every mutation is one conditional
 * PutItem or UpdateItem on it (single-item atomicity; no transactions), which returns what the caller
 * needs next (`ReturnValues: ALL_NEW`). A failed condition asks for the item as it was
 * (`ReturnValuesOnConditionCheckFailure: ALL_OLD`), so telling a duplicate from a conflict costs no
 * extra read; where the service does not return it (dynalite), a consistent GetItem does. The
 * request count per outcome is in docs/ledger.md.
 */
class DynamoDbLedger implements LedgerPort {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #ttlDays: number;

  constructor(options: DynamoDbLedgerOptions) {
    this.#doc = DynamoDBDocumentClient.from(options.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    this.#table = options.tableName;
    this.#ttlDays = options.ttlDays ?? DEFAULT_LEDGER_TTL_DAYS;
  }

  async getLineage(rootJobId: string): Promise<Lineage | undefined> {
    const { Item } = await sendToLedger(
      this.#doc,
      new GetCommand({ TableName: this.#table, Key: lineageKey(rootJobId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : fromLineageItem(Item);
  }

  async recordDecision(args: Args<'recordDecision'>): Promise<RecordDecisionResult> {
    const { seed, expected, decision } = args;
    const rootJobId = seed.rootJobId;
    const expiresAt = expiresAtFor(decision.decidedAt, this.#ttlDays);
    try {
      if (expected.kind === 'new') {
        // A new lineage has no parent to link a child to: the caller's belief cannot hold.
        if (args.child !== undefined) return await this.#staleOrDuplicate(rootJobId, decision.failedJobId);
        const lineage = applyDecision(seed, decision, args.countsDelta);
        await sendToLedger(
          this.#doc,
          new PutCommand({
            TableName: this.#table,
            Item: toLineageItem(lineage, expiresAt),
            ConditionExpression: 'attribute_not_exists(pk)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return { outcome: 'recorded', lineage: structuredClone(lineage) };
      }
      const item = await this.#update(
        rootJobId,
        decision.decidedAt,
        appendDecisionUpdate({ ...args, expected }),
        expiresAt,
      );
      return { outcome: 'recorded', lineage: fromLineageItem(item) };
    } catch (error) {
      if (!(error instanceof ConditionFailed)) throw error;
      return this.#staleOrDuplicate(rootJobId, decision.failedJobId, await this.#old(rootJobId, error));
    }
  }

  async closeLineage(args: Args<'closeLineage'>): Promise<CloseResult> {
    try {
      const item = await this.#update(args.rootJobId, args.at, closeUpdate(args));
      return { outcome: 'closed', lineage: fromLineageItem(item) };
    } catch (error) {
      if (!(error instanceof ConditionFailed)) throw error;
      return { outcome: 'unchanged', lineage: await this.#old(args.rootJobId, error) };
    }
  }

  async claimSubmission(args: Args<'claimSubmission'>): Promise<ClaimResult> {
    const submission: SubmissionRecord = {
      state: 'CLAIMED',
      claimToken: args.claimToken,
      claimedAt: args.at,
      leaseUntil: args.at + args.leaseMs,
    };
    try {
      const lineage = fromLineageItem(
        await this.#update(args.rootJobId, args.at, claimUpdate(args.failedJobId, submission)),
      );
      const decision = findDecision(lineage, args.failedJobId);
      if (decision === undefined) return { outcome: 'no-decision' };
      return { outcome: 'claimed', decision, lineage };
    } catch (error) {
      if (!(error instanceof ConditionFailed)) throw error;
      const lineage = await this.#old(args.rootJobId, error);
      const decision = lineage === undefined ? undefined : findDecision(lineage, args.failedJobId);
      if (lineage === undefined || decision?.action !== 'RETRY') return { outcome: 'no-decision' };
      if (decision.submission !== undefined)
        return { outcome: 'held', submission: decision.submission, lineage };
      return { outcome: 'closed', status: lineage.status };
    }
  }

  async takeOverClaim(args: Args<'takeOverClaim'>): Promise<boolean> {
    return this.#updateIfHolds(
      args.rootJobId,
      args.at,
      takeOverUpdate({ ...args, leaseUntil: args.at + args.leaseMs }),
    );
  }

  async releaseClaim(args: Args<'releaseClaim'>): Promise<boolean> {
    return this.#updateIfHolds(args.rootJobId, args.at, releaseUpdate(args));
  }

  async recordSubmission(args: Args<'recordSubmission'>): Promise<void> {
    try {
      await this.#update(args.rootJobId, args.at, submissionUpdate(args));
    } catch (error) {
      if (!(error instanceof ConditionFailed)) throw error;
      const lineage = await this.#old(args.rootJobId, error);
      const held = lineage === undefined ? undefined : findDecision(lineage, args.failedJobId)?.submission;
      if (held?.state === 'SUBMITTED' && held.childJobId === args.childJobId) return;
      throw claimLostError(args, held);
    }
  }

  async recordOrphan(args: Args<'recordOrphan'>): Promise<boolean> {
    return this.#updateIfHolds(args.rootJobId, args.at, orphanUpdate(args));
  }

  /** `duplicate` when `lineage` holds a decision for `failedJobId`, else `stale`. */
  async #staleOrDuplicate(
    rootJobId: string,
    failedJobId: string,
    known?: Lineage,
  ): Promise<RecordDecisionResult> {
    const lineage = known ?? (await this.getLineage(rootJobId));
    const earlier = lineage === undefined ? undefined : findDecision(lineage, failedJobId);
    if (lineage !== undefined && earlier !== undefined)
      return { outcome: 'duplicate', lineage, decision: earlier };
    return { outcome: 'stale', lineage };
  }

  /** The item as it was when a condition failed: from the error when the service returned it, else read. */
  async #old(rootJobId: string, failure: ConditionFailed): Promise<Lineage | undefined> {
    if (failure.item !== undefined) return fromLineageItem(failure.item);
    return this.getLineage(rootJobId);
  }

  /**
   * One conditional UpdateItem on a lineage item that also bumps `version` and refreshes
   * `expiresAt`. Resolves to the item after the write; rejects with {@link ConditionFailed} when the
   * condition (or the item) is missing.
   */
  async #update(
    rootJobId: string,
    at: number,
    update: LineageUpdate,
    expiresAt = expiresAtFor(at, this.#ttlDays),
  ): Promise<Record<string, unknown>> {
    const set = [...update.set, '#v = #v + :one', '#exp = :exp'].join(', ');
    const removals = update.remove ?? [];
    const remove = removals.length === 0 ? '' : ` REMOVE ${removals.join(', ')}`;
    const { Attributes } = await sendToLedger(
      this.#doc,
      new UpdateCommand({
        TableName: this.#table,
        Key: lineageKey(rootJobId),
        UpdateExpression: `SET ${set}${remove}`,
        ConditionExpression: `attribute_exists(pk) AND (${update.condition})`,
        ExpressionAttributeNames: { ...BASE_NAMES, ...update.names },
        ExpressionAttributeValues: { ...update.values, ':one': 1, ':exp': expiresAt },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    if (Attributes === undefined) throw new ConditionFailed(undefined);
    return Attributes;
  }

  /** {@link #update} that reports a failed condition as false instead of throwing. */
  async #updateIfHolds(rootJobId: string, at: number, update: LineageUpdate): Promise<boolean> {
    try {
      await this.#update(rootJobId, at, update);
      return true;
    } catch (error) {
      if (error instanceof ConditionFailed) return false;
      throw error;
    }
  }
}

/** The retry ledger on DynamoDB table `tableName` (layout and conditional writes: docs/ledger.md). */
export function createDynamoDbLedger(options: DynamoDbLedgerOptions): LedgerPort {
  return new DynamoDbLedger(options);
}
