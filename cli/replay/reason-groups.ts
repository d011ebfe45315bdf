import { formatDuration } from '../kit/index.js';

/** Reasons grouped separately; any further reason is counted under {@link OTHER_REASONS}. */
export const MAX_REASON_GROUPS = 50;
/** The group of the reasons past {@link MAX_REASON_GROUPS}. */
export const OTHER_REASONS = 'other reasons';

/** How many decisions had one reason, and the first of them word for word. */
export interface ReasonCount {
  /** The reason without what differs between jobs (ids, counts), durations in human units. */
  readonly reason: string;
  readonly count: number;
  /** The first decision's own reason, as `explain` and the alert show it. */
  readonly example: string;
}

/** Reason patterns of the decide path (shared/core/decide, orchestrator) and the group each makes. */
const GROUPS: ReadonlyArray<readonly [RegExp, (m: RegExpExecArray) => string]> = [
  [
    /over its limit of (\d+) s$/,
    (m) =>
      `the lineage is past its age limit (${formatDuration(Number(m[1]))}, budgets.maxLineageAgeSeconds)`,
  ],
  [/the hard limit of (\d+)$/, (m) => `the hard limit of ${m[1]} attempts per lineage`],
  [/of its (\d+) attempts \(budgets\.total\)$/, (m) => `budgets.total used up (${m[1]} attempts)`],
  [
    /exceed the (\d+) retries of budgets\.perClass\.(\w+)$/,
    (m) => `budgets.perClass.${m[2]} used up (${m[1]} retries)`,
  ],
  [
    /^array child .* arrayChildren\.mode is alert-only$/,
    () => 'an array child, and arrayChildren.mode is alert-only',
  ],
  [
    /^memory is already at the escalation ceiling \(\d+ MiB of (\d+) MiB\)$/,
    (m) => `memory already at escalate.maxMemoryMiB (${m[1]} MiB)`,
  ],
  [/^no policy governs job .* \(unmanaged\)$/, () => 'no policy governs the job (unmanaged)'],
  [
    /^node \d+ of a multi-node job/,
    () => 'a node of a multi-node job (the whole job is decided on its own event)',
  ],
  [/^lineage \S+ is already closed as (\w+)$/, (m) => `its lineage is already closed as ${m[1]}`],
  [/^lineage \S+ is not open/, () => 'a success of a lineage that is not open (already closed or unknown)'],
  [/^status (\w+) is not final$/, (m) => `status ${m[1]} is not final`],
  [/^it cannot be resubmitted: /, () => 'the job cannot be rebuilt as a SubmitJob request'],
  [/ Fargate /, () => 'no Fargate size fits the escalated memory'],
];

/** The group a decision's reason falls in (see {@link ReasonCount.reason}). */
export function reasonGroup(reason: string): string {
  for (const [pattern, group] of GROUPS) {
    const match = pattern.exec(reason);
    if (match !== null) return group(match);
  }
  return reason.replace(/\b[0-9a-f]{8}-[0-9a-f-]{27}\b/gi, '<job id>');
}

/** Counts reasons by group in bounded memory (at most {@link MAX_REASON_GROUPS} groups plus "other"). */
export class ReasonTally {
  readonly #groups = new Map<string, { count: number; example: string }>();

  add(reason: string): void {
    let group = reasonGroup(reason);
    if (!this.#groups.has(group) && this.#groups.size >= MAX_REASON_GROUPS) group = OTHER_REASONS;
    const entry = this.#groups.get(group);
    if (entry === undefined) this.#groups.set(group, { count: 1, example: reason });
    else entry.count++;
  }

  /** Every group, most decisions first (ties by reason). */
  counts(): ReasonCount[] {
    return [...this.#groups.entries()]
      .map(([reason, { count, example }]) => ({ reason, count, example }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  }
}
