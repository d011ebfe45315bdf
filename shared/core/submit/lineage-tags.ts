import { type CarriedState, encodeCarriedState } from '../lineage/carried-state.js';

/** Where a resubmitted job comes from; written on the child as tags (and, for EKS, pod labels). */
export interface Lineage {
  /** Job id of the first job of the lineage (the one the user submitted). */
  readonly rootJobId: string;
  /** Job id of the failed job this submission replaces. */
  readonly parentJobId: string;
  /** 1-based attempt number of the new job within the lineage. */
  readonly attempt: number;
  /** Name of the retry policy that decided the resubmission. */
  readonly policyName: string;
  /** The lineage's state once this decision is recorded: the child's failure is decided from it. */
  readonly state?: CarriedState;
}

/** The tag keys that carry the lineage on every resubmitted job. */
export const LINEAGE_TAG_KEYS = {
  rootJobId: 'batch-retry:root-job-id',
  parentJobId: 'batch-retry:parent-job-id',
  attempt: 'batch-retry:attempt',
  policyName: 'batch-retry:policy',
  /** The lineage state (docs/ledger.md, "What a child carries"). */
  state: 'batch-retry:state',
  /** The token of the claim under which the child was submitted; added by the resubmit function. */
  claim: 'batch-retry:claim',
  /** On a probe of a half-open breaker: when the opening it probes began (epoch ms). */
  probe: 'batch-retry:probe',
} as const;

/**
 * Pod label keys that carry the lineage on an EKS child: EKS job events have been seen with
 * `tags: {}`, and the pod's labels are in every event (`eksProperties.podProperties.metadata`).
 */
export const LINEAGE_LABEL_KEYS = {
  rootJobId: 'batch-retry/root-job-id',
  parentJobId: 'batch-retry/parent-job-id',
  claim: 'batch-retry/claim',
} as const;

/**
 * A job id as a Kubernetes label value (letters, digits, `-`, `_`, `.`; at most 63): an array
 * child's `:` becomes `.`, which no job id contains. {@link fromLabelValue} reverses it.
 */
export function toLabelValue(jobId: string): string {
  return jobId.replaceAll(':', '.');
}

/** The job id a label written by {@link toLabelValue} holds. */
export function fromLabelValue(value: string): string {
  return value.replaceAll('.', ':');
}

/** Tags a Batch job may carry (SubmitJob `tags`). */
export const MAX_JOB_TAGS = 50;
/** Longest tag key, in characters. */
export const MAX_TAG_KEY_CHARS = 128;
/** Longest tag value, in characters. */
export const MAX_TAG_VALUE_CHARS = 256;

const OWN_TAG_KEYS: ReadonlySet<string> = new Set(Object.values(LINEAGE_TAG_KEYS));

/** Key Batch adds to the tags of every event (the job's, or an array child's parent's, ARN). */
const SYNTHETIC_TAG = 'resourceArn';
/** Prefix AWS reserves for its own tags, in any letter case. */
const RESERVED_TAG_PREFIX = /^aws:/i;

/** The lineage as tag values. */
export function lineageTags(lineage: Lineage): Record<string, string> {
  return {
    [LINEAGE_TAG_KEYS.rootJobId]: lineage.rootJobId,
    [LINEAGE_TAG_KEYS.parentJobId]: lineage.parentJobId,
    [LINEAGE_TAG_KEYS.attempt]: String(lineage.attempt),
    [LINEAGE_TAG_KEYS.policyName]: lineage.policyName,
    ...(lineage.state === undefined ? {} : { [LINEAGE_TAG_KEYS.state]: encodeCarriedState(lineage.state) }),
  };
}

/** The lineage as EKS pod labels (no state: a label value holds at most 63 characters). */
export function lineageLabels(lineage: Lineage): Record<string, string> {
  return {
    [LINEAGE_LABEL_KEYS.rootJobId]: toLabelValue(lineage.rootJobId),
    [LINEAGE_LABEL_KEYS.parentJobId]: toLabelValue(lineage.parentJobId),
  };
}

/**
 * The tags of the new job: the failed job's tags without `resourceArn`, `aws:` keys, keys or values
 * over the length limits, and its old lineage tags; then the new lineage tags, which always win.
 * When more than 50 tags remain, user tags are kept in ascending key order (UTF-16 code units) and
 * the rest dropped, so the same input always drops the same keys. Every drop is noted.
 *
 * With `propagateTags`, Batch also copies the job definition's tags to the task and fails the job
 * when the total exceeds 50; those tags are not visible here.
 */
export function resubmissionTags(
  tags: Readonly<Record<string, string>>,
  lineage: Lineage,
  notes: string[],
): Record<string, string> {
  const lineageEntries = lineageTags(lineage);
  const kept: [string, string][] = [];
  const refused: string[] = [];
  for (const key in tags) {
    // Every lineage tag key is one of ours: the old values are replaced below.
    if (OWN_TAG_KEYS.has(key)) continue;
    const value = tags[key] as string;
    if (
      key === SYNTHETIC_TAG ||
      RESERVED_TAG_PREFIX.test(key) ||
      key.length > MAX_TAG_KEY_CHARS ||
      value.length > MAX_TAG_VALUE_CHARS
    ) {
      refused.push(key);
    } else {
      kept.push([key, value]);
    }
  }
  if (refused.length > 0) {
    notes.push(
      `tags: dropped ${refused.join(', ')} (synthetic resourceArn, reserved aws: prefix, or over 128/256 characters)`,
    );
  }
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // Two more tags may be added when the child is submitted: the claim token, and a probe's tag.
  const room = MAX_JOB_TAGS - Object.keys(lineageEntries).length - 2;
  const overflow = kept.splice(room);
  if (overflow.length > 0) {
    notes.push(
      `tags: dropped ${overflow.map(([key]) => key).join(', ')} (over the ${MAX_JOB_TAGS}-tag limit once the ` +
        'lineage tags are added; kept the first keys in sorted order)',
    );
  }
  return Object.assign(Object.fromEntries(kept), lineageEntries);
}
