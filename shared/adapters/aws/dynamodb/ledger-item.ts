import type { DecisionRecord, Lineage } from '#core/lineage/index.js';
import { LedgerStateError } from '#core/lineage/index.js';
import { LEDGER_TTL_ATTRIBUTE } from './ledger-table.js';
import { LIST_ONLY_ATTRIBUTES, listAttributes } from './lineage-list-keys.js';

/** Key of the one item that holds a whole lineage. */
export function lineageKey(rootJobId: string): { pk: string; sk: string } {
  return { pk: `LINEAGE#${rootJobId}`, sk: 'LINEAGE' };
}

/** Key of the pointer item that maps any job id of a lineage (root, failed, child) to its root. */
export function jobPointerKey(jobId: string): { pk: string; sk: string } {
  return { pk: `JOB#${jobId}`, sk: 'JOB' };
}

/** Epoch seconds `ttlDays` after `atMs` (epoch ms), the value of the TTL attribute. */
export function expiresAtFor(atMs: number, ttlDays: number): number {
  return Math.floor(atMs / 1000) + ttlDays * 86_400;
}

/**
 * The stored form of a lineage: decisions as a map keyed by failed job id (so a conditional write
 * can test `attribute_not_exists(decisions.<id>)`) plus `decisionOrder`, the ids in the order the
 * decisions were made, plus the keys of the list index (`listAttributes`).
 */
export function toLineageItem(lineage: Lineage, expiresAt: number): Record<string, unknown> {
  const { decisions, ...rest } = lineage;
  return {
    ...lineageKey(lineage.rootJobId),
    ...listAttributes(lineage),
    ...rest,
    decisions: Object.fromEntries(decisions.map((d) => [d.failedJobId, d])),
    decisionOrder: decisions.map((d) => d.failedJobId),
    [LEDGER_TTL_ATTRIBUTE]: expiresAt,
  };
}

/** Reads a lineage item back into a {@link Lineage}, decisions in the order they were made. */
export function fromLineageItem(stored: Record<string, unknown>): Lineage {
  const item = Object.fromEntries(
    Object.entries(stored).filter(([name]) => !(LIST_ONLY_ATTRIBUTES as readonly string[]).includes(name)),
  );
  const {
    pk: _pk,
    sk: _sk,
    [LEDGER_TTL_ATTRIBUTE]: _expiresAt,
    decisions,
    decisionOrder,
    ...rest
  } = item as {
    pk: string;
    sk: string;
    decisions: Record<string, DecisionRecord>;
    decisionOrder: string[];
  } & Record<string, unknown>;
  const ordered = decisionOrder.map((id) => {
    const decision = decisions[id];
    if (decision === undefined) {
      throw new LedgerStateError(
        `ledger item ${item.pk} lists failed job ${id} but holds no decision for it`,
        {
          pk: item.pk,
          failedJobId: id,
        },
      );
    }
    return decision;
  });
  return { ...rest, decisions: ordered } as unknown as Lineage;
}
