import type { NormalisedJob } from '../events/types.js';
import { fromLabelValue, LINEAGE_LABEL_KEYS, LINEAGE_TAG_KEYS } from '../submit/lineage-tags.js';
import { type CarriedState, decodeCarriedState } from './carried-state.js';

/**
 * What a job's event says about the lineage it belongs to: nothing for a job its user submitted,
 * or, for a child batch-retry submitted, the root, the failed job it replaced, the claim token it was
 * submitted under and the lineage state it carries. The ledger's conditional writes check every
 * claim made here; nothing in a tag is trusted on its own (tags are copied by "clone job").
 */
export interface LineageRef {
  readonly rootJobId: string;
  readonly parentJobId: string;
  /** Absent on children submitted before claim tokens were tagged. */
  readonly claimToken?: string;
  /** Absent on EKS children read from labels, and on children submitted before the state tag. */
  readonly state?: CarriedState;
  /** Name of the policy that decided the resubmission. */
  readonly policyName?: string;
  /** On a probe of a half-open breaker: when the opening it probes began (epoch ms). */
  readonly probe?: number;
}

/** The lineage reference in `job`'s tags (or, on EKS, in its pod labels); undefined for a root job. */
export function lineageRefOf(job: NormalisedJob): LineageRef | undefined {
  const tags = job.tags;
  const rootJobId = tags[LINEAGE_TAG_KEYS.rootJobId];
  const parentJobId = tags[LINEAGE_TAG_KEYS.parentJobId];
  if (rootJobId !== undefined && parentJobId !== undefined) {
    const claimToken = tags[LINEAGE_TAG_KEYS.claim];
    const state = decodeCarriedState(tags[LINEAGE_TAG_KEYS.state]);
    const policyName = tags[LINEAGE_TAG_KEYS.policyName];
    const probe = Number(tags[LINEAGE_TAG_KEYS.probe]);
    return {
      rootJobId,
      parentJobId,
      ...(claimToken === undefined ? {} : { claimToken }),
      ...(state === undefined ? {} : { state }),
      ...(policyName === undefined ? {} : { policyName }),
      ...(Number.isSafeInteger(probe) && probe > 0 ? { probe } : {}),
    };
  }
  const labels = podLabels(job);
  const labelRoot = labels[LINEAGE_LABEL_KEYS.rootJobId];
  const labelParent = labels[LINEAGE_LABEL_KEYS.parentJobId];
  if (labelRoot === undefined || labelParent === undefined) return undefined;
  const claimToken = labels[LINEAGE_LABEL_KEYS.claim];
  return {
    rootJobId: fromLabelValue(labelRoot),
    parentJobId: fromLabelValue(labelParent),
    ...(claimToken === undefined ? {} : { claimToken }),
  };
}

/** The string-valued pod labels of an EKS job (the event schema passes `metadata` through unread). */
function podLabels(job: NormalisedJob): Readonly<Record<string, string>> {
  const pod: unknown = job.detail.eksProperties?.podProperties;
  const metadata = isObject(pod) ? pod.metadata : undefined;
  const labels = isObject(metadata) ? metadata.labels : undefined;
  if (!isObject(labels)) return {};
  return Object.fromEntries(
    Object.entries(labels).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
