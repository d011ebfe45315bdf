import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Lineage, SubmissionRecord } from '#core/lineage/index.js';
import {
  applyDecision,
  claimLostError,
  findDecision,
  LedgerConflictError,
  missingDecisionError,
} from '#core/lineage/index.js';
import type { ClaimResult, LedgerPort, RecordDecisionResult } from '#core/ports/index.js';
import { expiresAtFor, fromLineageItem, jobPointerKey, lineageKey, toLineageItem } from './ledger-item.js';
import { LEDGER_TTL_ATTRIBUTE } from './ledger-table.js';
import {
  alertedUpdate,
  appendDecisionUpdate,
  claimUpdate,
  closeUpdate,
  type LineageUpdate,
  submissionUpdate,
  takeOverUpdate,
} from './ledger-updates.js';
import { isConditionFailure, sendToLedger } from './send.js';

/** Default days an item lives after its last write before DynamoDB TTL may delete it. */
const DEFAULT_LEDGER_TTL_DAYS = 30;

export interface DynamoDbLedgerOptions {
  /** A DynamoDB client (region, endpoint, credentials and retry mode are the caller's choice). */
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Days after the last write until `expiresAt`. @default 30 */
  readonly ttlDays?: number;
}

/** Names every update uses; path segments go through names because job ids hold ':' and '#'. */
const BASE_NAMES = { '#v': 'version', '#exp': LEDGER_TTL_ATTRIBUTE };

/**
 * The retry ledger on DynamoDB. Each lineage is one item and every mutation is one conditional
 * PutItem or UpdateItem on it (DynamoDB guarantees single-item atomicity; no transactions are
 * used). A failed condition is followed by a strongly consistent GetItem to tell a duplicate from
 * a conflict. Pointer items (job id -> root) are unconditional, idempotent puts written before the
 * lineage write, so a crash between the two leaves only a true pointer behind.
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

  async findRootJobId(jobId: string): Promise<string | undefined> {
    const { Item } = await sendToLedger(
      this.#doc,
      new GetCommand({ TableName: this.#table, Key: jobPointerKey(jobId), ConsistentRead: true }),
    );
    return typeof Item?.rootJobId === 'string' ? Item.rootJobId : undefined;
  }

  async recordDecision(args: Parameters<LedgerPort['recordDecision']>[0]): Promise<RecordDecisionResult> {
    const { seed, expectedVersion, decision } = args;
    const expiresAt = expiresAtFor(decision.decidedAt, this.#ttlDays);
    await this.#putPointers([seed.rootJobId, decision.failedJobId], seed.rootJobId, expiresAt);
    try {
      const lineage =
        expectedVersion === undefined
          ? await this.#createLineage(args, expiresAt)
          : await this.#appendDecision(args, expectedVersion, expiresAt);
      return { outcome: 'recorded', lineage };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const lineage = await this.getLineage(seed.rootJobId);
      const earlier = lineage === undefined ? undefined : findDecision(lineage, decision.failedJobId);
      if (lineage === undefined || earlier === undefined)
        throw new LedgerConflictError(seed.rootJobId, error);
      return { outcome: 'duplicate', lineage, decision: earlier };
    }
  }

  async claimSubmission(args: Parameters<LedgerPort['claimSubmission']>[0]): Promise<ClaimResult> {
    const submission: SubmissionRecord = {
      state: 'CLAIMED',
      claimToken: args.claimToken,
      claimedAt: args.at,
    };
    try {
      await this.#update(args.rootJobId, args.at, claimUpdate(args.failedJobId, submission));
      return { outcome: 'claimed', submission };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const lineage = await this.getLineage(args.rootJobId);
      const decision = lineage === undefined ? undefined : findDecision(lineage, args.failedJobId);
      if (decision?.action !== 'RETRY') return { outcome: 'no-decision' };
      if (decision.submission === undefined) throw new LedgerConflictError(args.rootJobId, error);
      return { outcome: 'held', submission: decision.submission };
    }
  }

  async takeOverClaim(args: Parameters<LedgerPort['takeOverClaim']>[0]): Promise<boolean> {
    return this.#updateIfHolds(args.rootJobId, args.at, takeOverUpdate(args));
  }

  async releaseClaim(args: Parameters<LedgerPort['releaseClaim']>[0]): Promise<boolean> {
    // The lease ends when claimedAt is 0; args.at keeps the item's expiry current.
    const update = takeOverUpdate({ ...args, staleToken: args.claimToken, at: 0 });
    return this.#updateIfHolds(args.rootJobId, args.at, update);
  }

  async recordSubmission(args: Parameters<LedgerPort['recordSubmission']>[0]): Promise<void> {
    await this.#putPointers([args.childJobId], args.rootJobId, expiresAtFor(args.at, this.#ttlDays));
    try {
      await this.#update(args.rootJobId, args.at, submissionUpdate(args));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const lineage = await this.getLineage(args.rootJobId);
      const held = lineage === undefined ? undefined : findDecision(lineage, args.failedJobId)?.submission;
      if (held?.state === 'SUBMITTED' && held.childJobId === args.childJobId) return;
      throw claimLostError(args, held);
    }
  }

  async closeLineage(args: Parameters<LedgerPort['closeLineage']>[0]): Promise<boolean> {
    return this.#updateIfHolds(args.rootJobId, args.at, closeUpdate(args));
  }

  async markAlerted(args: Parameters<LedgerPort['markAlerted']>[0]): Promise<void> {
    try {
      await this.#update(args.rootJobId, args.at, alertedUpdate(args));
    } catch (error) {
      if (isConditionFailure(error))
        throw missingDecisionError('markAlerted', args.rootJobId, args.failedJobId);
      throw error;
    }
  }

  /** PutItem of a new lineage; fails the condition when the lineage already exists. */
  async #createLineage(
    args: Parameters<LedgerPort['recordDecision']>[0],
    expiresAt: number,
  ): Promise<Lineage> {
    const lineage = applyDecision(args.seed, args.decision, args.countsDelta);
    await sendToLedger(
      this.#doc,
      new PutCommand({
        TableName: this.#table,
        Item: toLineageItem(lineage, expiresAt),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return structuredClone(lineage);
  }

  /** UpdateItem that appends a decision at `expectedVersion` unless that failed job already has one. */
  async #appendDecision(
    args: Parameters<LedgerPort['recordDecision']>[0],
    expectedVersion: number,
    expiresAt: number,
  ): Promise<Lineage> {
    const update = appendDecisionUpdate(args, expectedVersion);
    const item = await this.#update(args.seed.rootJobId, args.decision.decidedAt, update, expiresAt);
    return fromLineageItem(item);
  }

  /**
   * One conditional UpdateItem on a lineage item that also bumps `version` and refreshes
   * `expiresAt`. Resolves to the item after the write; rejects with ConditionalCheckFailedException
   * when the condition (or the item) is missing.
   */
  async #update(
    rootJobId: string,
    at: number,
    update: LineageUpdate,
    expiresAt = expiresAtFor(at, this.#ttlDays),
  ): Promise<Record<string, unknown>> {
    const set = [...update.set, '#v = #v + :one', '#exp = :exp'].join(', ');
    const remove = update.remove === undefined ? '' : ` REMOVE ${update.remove.join(', ')}`;
    const { Attributes } = await sendToLedger(
      this.#doc,
      new UpdateCommand({
        TableName: this.#table,
        Key: lineageKey(rootJobId),
        UpdateExpression: `SET ${set}${remove}`,
        ConditionExpression: update.condition,
        ExpressionAttributeNames: { ...BASE_NAMES, ...update.names },
        ExpressionAttributeValues: { ...update.values, ':one': 1, ':exp': expiresAt },
        ReturnValues: 'ALL_NEW',
      }),
    );
    if (Attributes === undefined) throw new LedgerConflictError(rootJobId);
    return Attributes;
  }

  /** {@link #update} that reports a failed condition as false instead of throwing. */
  async #updateIfHolds(rootJobId: string, at: number, update: LineageUpdate): Promise<boolean> {
    try {
      await this.#update(rootJobId, at, update);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Idempotent puts of the pointer items `JOB#<id>` -> `rootJobId`. */
  async #putPointers(jobIds: readonly string[], rootJobId: string, expiresAt: number): Promise<void> {
    await Promise.all(
      [...new Set(jobIds)].map((jobId) =>
        sendToLedger(
          this.#doc,
          new PutCommand({
            TableName: this.#table,
            Item: { ...jobPointerKey(jobId), rootJobId, [LEDGER_TTL_ATTRIBUTE]: expiresAt },
          }),
        ),
      ),
    );
  }
}

/** The retry ledger on DynamoDB table `tableName` (layout and conditional writes: docs/ledger.md). */
export function createDynamoDbLedger(options: DynamoDbLedgerOptions): LedgerPort {
  return new DynamoDbLedger(options);
}
