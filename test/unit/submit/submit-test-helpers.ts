import { parseEvent } from '../../../shared/events/index.js';
import type { NormalisedJob } from '../../../shared/events/types.js';
import type { Lineage } from '../../../shared/submit/lineage-tags.js';
import { loadEventFixture } from '../../fixtures/events/load-fixture.js';

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

/** A fixture parsed into a job, after `change` edited a fresh copy of its detail. */
export function jobFromFixture(
  name: string,
  change?: (detail: Record<string, unknown>) => void,
): NormalisedJob {
  const raw = loadEventFixture(name);
  change?.(raw.detail);
  return parseEvent(raw, `${name}.json`);
}

/** The `container` object of a fixture's detail, for edits. */
export function containerOf(detail: Record<string, unknown>): Record<string, unknown> {
  return detail.container as Record<string, unknown>;
}
