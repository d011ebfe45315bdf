import { breakerQueueName } from '#core/breaker/index.js';
import type { Lineage } from '#core/lineage/index.js';

/**
 * The global secondary index `lineage list` reads: every lineage item, by the UTC day its first
 * failure was recorded (`openedDay`, `LINEAGES#2026-12-05`), newest first within the day
 * (`openedOrder`, `<opened epoch ms, 13 digits>#<rootJobId>`). Only lineage items carry these keys,
 * so nothing else is in the index. It projects what a listing shows and filters on; a write that
 * changes none of those attributes costs the index nothing.
 */
export const LINEAGE_LIST_INDEX = {
  name: 'lineages-by-day',
  partitionKey: 'openedDay',
  sortKey: 'openedOrder',
  projected: [
    'rootJobId',
    'rootJobName',
    'status',
    'closedAt',
    'totalAttempts',
    'counts',
    'policyName',
    'policyVersion',
    'createdAt',
    'jobQueue',
    'openedAt',
  ],
} as const;

/** Attributes of a lineage item that are not part of the Lineage (only the list index uses them). */
export const LIST_ONLY_ATTRIBUTES = ['openedDay', 'openedOrder', 'jobQueue', 'openedAt'] as const;

/** The `openedDay` value of epoch ms `at`. */
export function openedDayOf(at: number): string {
  return `LINEAGES#${new Date(at).toISOString().slice(0, 10)}`;
}

/** The `openedOrder` value of a lineage opened at `at` (a fixed width, so strings sort as numbers). */
export function openedOrderOf(at: number, rootJobId: string): string {
  return `${String(Math.max(0, Math.floor(at))).padStart(13, '0')}#${rootJobId}`;
}

/**
 * The list attributes of a new lineage item: opened when its first decision was made, on the queue
 * of its first failed job (by name, as `--queue` compares).
 */
export function listAttributes(lineage: Lineage): Record<string, string | number> {
  const first = lineage.decisions[0];
  const openedAt = first?.decidedAt ?? lineage.createdAt;
  return {
    openedDay: openedDayOf(openedAt),
    openedOrder: openedOrderOf(openedAt, lineage.rootJobId),
    openedAt,
    ...(first === undefined ? {} : { jobQueue: breakerQueueName(first.jobQueue) }),
  };
}
