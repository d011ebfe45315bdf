import type { Lineage } from '#core/submit/lineage-tags.js';

/** The lineage every test submits under. */
export const LINEAGE: Lineage = {
  rootJobId: 'root-0000',
  parentJobId: 'parent-1111',
  attempt: 2,
  policyName: 'nightly-default',
};

/** The lineage tags a request built with {@link LINEAGE} carries. */
export const LINEAGE_TAG_VALUES = {
  'batch-retry:root-job-id': 'root-0000',
  'batch-retry:parent-job-id': 'parent-1111',
  'batch-retry:attempt': '2',
  'batch-retry:policy': 'nightly-default',
};

/** The `container` object of a fixture's detail, for edits. */
export function containerOf(detail: Record<string, unknown>): Record<string, unknown> {
  return detail.container as Record<string, unknown>;
}
