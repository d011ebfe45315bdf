/** Where a resubmitted job comes from; written on the child as tags. */
export interface Lineage {
  /** Job id of the first job of the lineage (the one the user submitted). */
  readonly rootJobId: string;
  /** Job id of the failed job this submission replaces. */
  readonly parentJobId: string;
  /** 1-based attempt number of the new job within the lineage. */
  readonly attempt: number;
  /** Name of the retry policy that decided the resubmission. */
  readonly policyName: string;
}

/** The tag keys that carry the lineage on every resubmitted job. */
export const LINEAGE_TAG_KEYS = {
  rootJobId: 'batch-retry:root-job-id',
  parentJobId: 'batch-retry:parent-job-id',
  attempt: 'batch-retry:attempt',
  policyName: 'batch-retry:policy',
} as const;

/** Tags a Batch job may carry (SubmitJob `tags`). */
export const MAX_JOB_TAGS = 50;
/** Longest tag key, in characters. */
export const MAX_TAG_KEY_CHARS = 128;
/** Longest tag value, in characters. */
export const MAX_TAG_VALUE_CHARS = 256;

/** Key Batch adds to the tags of every event (the job's, or an array child's parent's, ARN). */
const SYNTHETIC_TAG = 'resourceArn';
/** Prefix AWS reserves for its own tags, in any letter case. */
const RESERVED_TAG_PREFIX = 'aws:';

/** The lineage as tag values. */
export function lineageTags(lineage: Lineage): Record<string, string> {
  return {
    [LINEAGE_TAG_KEYS.rootJobId]: lineage.rootJobId,
    [LINEAGE_TAG_KEYS.parentJobId]: lineage.parentJobId,
    [LINEAGE_TAG_KEYS.attempt]: String(lineage.attempt),
    [LINEAGE_TAG_KEYS.policyName]: lineage.policyName,
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
  for (const [key, value] of Object.entries(tags)) {
    if (Object.hasOwn(lineageEntries, key)) continue;
    if (
      key === SYNTHETIC_TAG ||
      key.toLowerCase().startsWith(RESERVED_TAG_PREFIX) ||
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
  const room = MAX_JOB_TAGS - Object.keys(lineageEntries).length;
  const overflow = kept.splice(room);
  if (overflow.length > 0) {
    notes.push(
      `tags: dropped ${overflow.map(([key]) => key).join(', ')} (over the ${MAX_JOB_TAGS}-tag limit once the ` +
        'lineage tags are added; kept the first keys in sorted order)',
    );
  }
  return { ...Object.fromEntries(kept), ...lineageEntries };
}
