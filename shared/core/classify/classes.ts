/** The failure classes of the taxonomy (docs/classification.md). Every FAILED job gets exactly one. */
export const FAILURE_CLASSES = [
  'infrastructure',
  'middleware',
  'resource',
  'timeout',
  'application',
  'cancelled',
  'dependency',
  'unknown',
] as const;

export type FailureClass = (typeof FAILURE_CLASSES)[number];

/** `none` is given to events whose status is not FAILED. */
export type JobClass = FailureClass | 'none';

export function isFailureClass(value: string): value is FailureClass {
  return (FAILURE_CLASSES as readonly string[]).includes(value);
}
