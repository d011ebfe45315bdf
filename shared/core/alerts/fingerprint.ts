import type { AlertKind } from '../ports/alert.js';
import { jobDefinitionName, queueName } from './words.js';

/** What varies between reasons with one cause, and what it is replaced with; applied in this order. */
const VARYING: readonly (readonly [RegExp, string])[] = [
  [/\barn:[\w-]+:[\w-]+:[\w-]*:\d*:\S+/g, '<arn>'],
  [/\bsha256:[0-9a-f]{64}\b/gi, '<digest>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?::\d+|#\d+)?/gi, '<id>'],
  [/\b(?:i|eni|sg|subnet|vpc|vol|sir|ami)-[0-9a-f]{8,17}\b/gi, '<id>'],
  // An image reference's tag: the name stays (another image is another cause), the tag goes.
  [/(\b[\w.-]+(?::\d+)?\/[\w./-]*[\w-]):[\w][\w.-]{0,127}/g, '$1:<tag>'],
  // Hex of 6 or more characters with a digit and a letter (a task id), not a word such as "added".
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{6,}\b/gi, '<hex>'],
  [/\b\d+\b/g, '<n>'],
];

/** Longest reason shape kept in a fingerprint, in characters. */
const MAX_SHAPE_CHARS = 200;

/**
 * A failure reason with its ids removed: ARNs, job and task ids, instance and other resource ids,
 * image digests and tags, hex strings and numbers (account ids, exit codes, counts). Two reasons
 * that differ only in those read the same.
 */
export function reasonShape(reason: string): string {
  let shape = reason.replace(/\s+/g, ' ').trim();
  for (const [pattern, replacement] of VARYING) shape = shape.replace(pattern, replacement);
  return shape.slice(0, MAX_SHAPE_CHARS);
}

/**
 * Groups alerts with one cause, which an operator handles together and which are aggregated into
 * one digest: the kind, the failure class, the job queue, the job definition name, and the cause
 * within the class when the classifier names one (`cause:registry-throttled`: every wording AWS uses
 * for it reads the same), else the shape of the reason. Joined with `|`; absent parts read `-`.
 */
export function alertFingerprint(parts: {
  readonly kind: AlertKind;
  readonly failureClass?: string | undefined;
  readonly jobQueue?: string | undefined;
  readonly jobDefinition?: string | undefined;
  readonly cause?: string | undefined;
  readonly reason?: string | undefined;
}): string {
  const why =
    parts.cause !== undefined
      ? `cause:${parts.cause}`
      : parts.reason === undefined
        ? '-'
        : reasonShape(parts.reason);
  return [
    parts.kind,
    parts.failureClass ?? '-',
    parts.jobQueue === undefined ? '-' : queueName(parts.jobQueue),
    parts.jobDefinition === undefined ? '-' : jobDefinitionName(parts.jobDefinition),
    why,
  ].join('|');
}
