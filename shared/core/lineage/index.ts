/**
 * The lineage model the ledger stores: types, the pure `applyDecision` and child checks both ledgers
 * share, what a child carries of its lineage (tags, EKS pod labels), the lineage report printed by
 * `batch-retry lineage`, and the ledger's errors.
 */
export { applyDecision, childLinkProblem, isOrphan, linkChild } from './apply-decision.js';
export { type CarriedState, decodeCarriedState, encodeCarriedState } from './carried-state.js';
export {
  claimLostError,
  LedgerConflictError,
  LedgerItemTooLargeError,
  LedgerStateError,
  LedgerUnavailableError,
  missingDecisionError,
} from './errors.js';
export { findDecision } from './find-decision.js';
export { type LineageRef, lineageRefOf } from './lineage-ref.js';
export { formatLineageReport } from './lineage-report.js';
export type { OperatorAction } from './operator-action.js';
export {
  type ChildLink,
  type ClassCounts,
  type DecisionRecord,
  type EvidenceRecord,
  type Lineage,
  type LineageState,
  type LineageStatus,
  MAX_STORED_TEXT_CHARS,
  type SubmissionRecord,
  stateOf,
} from './types.js';
