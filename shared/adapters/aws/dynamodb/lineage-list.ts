import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { breakerQueueName } from '#core/breaker/index.js';
import { OrchestratorError } from '#core/errors.js';
import type { LineagePage, LineageQuery, LineageSummary } from '#core/ports/index.js';
import { LINEAGE_LIST_INDEX, openedDayOf, openedOrderOf } from './lineage-list-keys.js';
import { sendToLedger } from './send.js';

const DAY_MS = 86_400_000;

/** Where a listing stopped: the day it was reading and, within it, the last key read. */
interface Cursor {
  readonly day: string;
  readonly key?: Record<string, unknown>;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (typeof cursor.day === 'string') return cursor;
  } catch {
    // reported below
  }
  throw new OrchestratorError(`${text} is not a cursor a lineage listing printed`, { transient: false });
}

/** The index partitions from the day of `now` back to the day of `since`, newest first. */
function daysBetween(since: number, now: number): string[] {
  const days: string[] = [];
  for (let at = now; openedDayOf(at) >= openedDayOf(since); at -= DAY_MS) days.push(openedDayOf(at));
  return days;
}

/** The FilterExpression of `query`'s status, queue and class, with its names and values. */
function filterOf(query: LineageQuery) {
  const clauses: string[] = [];
  const names: Record<string, string> = {
    '#day': LINEAGE_LIST_INDEX.partitionKey,
    '#order': LINEAGE_LIST_INDEX.sortKey,
  };
  const values: Record<string, unknown> = {};
  if (query.status !== undefined) {
    clauses.push('#st = :status');
    names['#st'] = 'status';
    values[':status'] = query.status;
  }
  if (query.jobQueue !== undefined) {
    clauses.push('#q = :queue');
    names['#q'] = 'jobQueue';
    values[':queue'] = breakerQueueName(query.jobQueue);
  }
  if (query.failureClass !== undefined) {
    clauses.push('attribute_exists(#counts.#cls)');
    names['#counts'] = 'counts';
    names['#cls'] = query.failureClass;
  }
  return { filter: clauses.length === 0 ? undefined : clauses.join(' AND '), names, values };
}

function toSummary(item: Record<string, unknown>): LineageSummary {
  return {
    rootJobId: String(item.rootJobId),
    rootJobName: String(item.rootJobName),
    status: item.status as LineageSummary['status'],
    ...(typeof item.jobQueue === 'string' ? { jobQueue: item.jobQueue } : {}),
    policyName: String(item.policyName),
    policyVersion: Number(item.policyVersion),
    totalAttempts: Number(item.totalAttempts),
    counts: (item.counts ?? {}) as LineageSummary['counts'],
    createdAt: Number(item.createdAt),
    openedAt: Number(item.openedAt),
    ...(typeof item.closedAt === 'number' ? { closedAt: item.closedAt } : {}),
  };
}

/**
 * The lineages opened since `query.since`, newest first, from the `lineages-by-day` index: one
 * Query per UTC day (and per page within a day), filtered on status, queue and class. Reads at most
 * `query.limit` items per call, so a page never holds more; `cursor` says where to go on.
 */
export async function queryLineages(
  doc: DynamoDBDocumentClient,
  table: string,
  query: LineageQuery,
): Promise<LineagePage> {
  const days = daysBetween(query.since, query.now);
  const resume = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  let dayIndex = resume === undefined ? 0 : days.indexOf(resume.day);
  if (dayIndex < 0) return { lineages: [] };
  let start = resume?.key;
  const { filter, names, values } = filterOf(query);
  const found: LineageSummary[] = [];
  while (dayIndex < days.length) {
    const day = days[dayIndex] as string;
    const page = await sendToLedger(
      doc,
      new QueryCommand({
        TableName: table,
        IndexName: LINEAGE_LIST_INDEX.name,
        KeyConditionExpression: '#day = :day AND #order >= :since',
        ...(filter === undefined ? {} : { FilterExpression: filter }),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ...values, ':day': day, ':since': openedOrderOf(query.since, '') },
        ScanIndexForward: false,
        Limit: Math.max(1, query.limit - found.length),
        ...(start === undefined ? {} : { ExclusiveStartKey: start }),
      }),
    );
    found.push(...(page.Items ?? []).map(toSummary));
    start = page.LastEvaluatedKey;
    if (start === undefined) dayIndex += 1;
    if (found.length >= query.limit) {
      const next = days[dayIndex];
      return {
        lineages: found,
        ...(next === undefined
          ? {}
          : { cursor: encodeCursor({ day: next, ...(start === undefined ? {} : { key: start }) }) }),
      };
    }
  }
  return { lineages: found };
}
