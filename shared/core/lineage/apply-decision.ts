import type { LineageSeed } from '../ports/ledger.js';
import type { ClassCounts, DecisionRecord, Lineage } from './types.js';

/**
 * The lineage after recording `decision`: a new lineage (version 1) when `base` is a seed, else
 * `base` with the decision appended and its version bumped. Adds `attemptsCounted` to the total and
 * `countsDelta` to the class counts; an EXIT closes the lineage as GAVE_UP at `decidedAt`. Pure:
 * the one definition both ledgers use, so their records agree.
 */
export function applyDecision(
  base: Lineage | LineageSeed,
  decision: DecisionRecord,
  countsDelta: Readonly<Record<string, number>>,
): Lineage {
  const current: Lineage =
    'version' in base
      ? base
      : {
          rootJobId: base.rootJobId,
          rootJobName: base.rootJobName,
          policyName: base.policyName,
          policyVersion: base.policyVersion,
          createdAt: base.createdAt,
          status: 'OPEN',
          counts: {},
          totalAttempts: 0,
          decisions: [],
          version: 0,
        };
  const counts: Record<string, number> = { ...current.counts };
  for (const [failureClass, delta] of Object.entries(countsDelta)) {
    counts[failureClass] = (counts[failureClass] ?? 0) + delta;
  }
  return {
    ...current,
    counts: counts as ClassCounts,
    totalAttempts: current.totalAttempts + decision.attemptsCounted,
    decisions: [...current.decisions, decision],
    version: current.version + 1,
    ...(decision.action === 'EXIT' ? { status: 'GAVE_UP' as const, closedAt: decision.decidedAt } : {}),
  };
}
