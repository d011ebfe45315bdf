/**
 * The lineage model the ledger stores: types, the pure `applyDecision` both ledgers share, the
 * lineage report printed by `batch-retry lineage`, and the ledger's errors.
 */
export { applyDecision } from './apply-decision.js';
export {
  claimLostError,
  LedgerConflictError,
  LedgerStateError,
  LedgerUnavailableError,
  missingDecisionError,
} from './errors.js';
export { findDecision } from './find-decision.js';
export { formatLineageReport } from './lineage-report.js';
export type { ClassCounts, DecisionRecord, EvidenceRecord, Lineage, SubmissionRecord } from './types.js';
