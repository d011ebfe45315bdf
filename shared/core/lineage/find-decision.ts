import type { DecisionRecord, Lineage } from './types.js';

/** The decision recorded for `failedJobId` in `lineage`, if any. */
export function findDecision(lineage: Lineage, failedJobId: string): DecisionRecord | undefined {
  return lineage.decisions.find((d) => d.failedJobId === failedJobId);
}
