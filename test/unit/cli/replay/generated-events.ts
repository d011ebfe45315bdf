import { closeSync, openSync, writeSync } from 'node:fs';
import { LINEAGE_TAG_KEYS } from '#core/submit/lineage-tags.js';

/** Events per generated group (see {@link writeGeneratedEvents}). */
export const EVENTS_PER_GROUP = 5;

const T0 = Date.parse('2024-06-01T00:00:00Z');
const QUEUE = 'arn:aws:batch:us-east-1:123456789012:job-queue/spot-queue';
const DEFINITION = 'arn:aws:batch:us-east-1:123456789012:job-definition/etl:3';

/** The third failure of each group cycles through these, each given up by the default policy. */
const FATAL = [
  { failureClass: 'application', container: { exitCode: 1, reason: 'Essential container in task exited' } },
  { failureClass: 'middleware', container: { reason: 'CannotPullContainerError: pull access denied' } },
  { failureClass: 'resource', container: { exitCode: 137, reason: 'OutOfMemoryError: Container killed' } },
] as const;

/** What replaying a generated file under examples/policies/default.json must report. */
export interface GeneratedExpectation {
  readonly events: number;
  /** Distinct lineages opened (two per group). */
  readonly lineages: number;
  readonly classes: Readonly<Record<string, { events: number; retried: number; givenUp: number }>>;
  readonly recovered: number;
  /** SUCCEEDED events of jobs never retried. */
  readonly ignored: number;
}

function jobId(group: number, role: number): string {
  return `00000000-0000-4000-8000-${(group * 8 + role).toString(16).padStart(12, '0')}`;
}

function event(
  time: number,
  id: string,
  status: 'FAILED' | 'SUCCEEDED',
  extra: Record<string, unknown>,
): string {
  return JSON.stringify({
    'detail-type': 'Batch Job State Change',
    source: 'aws.batch',
    id: `ev-${id}-${status}`,
    account: '123456789012',
    time: new Date(time).toISOString(),
    region: 'us-east-1',
    detail: {
      jobId: id,
      jobName: `etl-${Number.parseInt(id.slice(-12), 16) % 97}`,
      jobQueue: QUEUE,
      jobDefinition: DEFINITION,
      status,
      createdAt: time - 60_000,
      stoppedAt: time - 1_000,
      platformCapabilities: ['EC2'],
      ...extra,
    },
  });
}

/** The tags batch-retry puts on a child it submits. */
const childOf = (root: string, parent: string) => ({
  [LINEAGE_TAG_KEYS.rootJobId]: root,
  [LINEAGE_TAG_KEYS.parentJobId]: parent,
});

const hostTerminated = {
  statusReason: 'Host EC2 (instance i-0123456789abcdef0) terminated.',
  attempts: [{ statusReason: 'Host EC2 (instance i-0123456789abcdef0) terminated.', container: {} }],
};

/**
 * The five events of group `g`, in time order, 10 s apart from the group before: a job lost to a
 * Spot reclaim (infrastructure), its resubmitted child lost again (tagged with the root), a job that
 * fails fatally (application, middleware or resource in turn), the second child succeeding
 * (RECOVERED), and a job that succeeds on its first run (ignored).
 */
function group(g: number): string[] {
  const t = T0 + g * 10_000;
  const root = jobId(g, 0);
  const fatal = FATAL[g % FATAL.length] ?? FATAL[0];
  return [
    event(t, root, 'FAILED', hostTerminated),
    event(t + 1_000, jobId(g, 1), 'FAILED', { ...hostTerminated, tags: childOf(root, root) }),
    event(t + 2_000, jobId(g, 2), 'FAILED', {
      statusReason: 'Essential container in task exited',
      attempts: [{ container: fatal.container }],
    }),
    event(t + 3_000, jobId(g, 3), 'SUCCEEDED', { tags: childOf(root, jobId(g, 1)) }),
    event(t + 4_000, jobId(g, 4), 'SUCCEEDED', {}),
  ];
}

/**
 * Writes `groups` x 5 events as JSON lines to `path`, each pair of neighbouring groups swapped (so
 * events arrive out of time order, by at most ten events), and returns what a replay under
 * examples/policies/default.json must report.
 */
export function writeGeneratedEvents(path: string, groups: number): GeneratedExpectation {
  const fd = openSync(path, 'w');
  try {
    for (let g = 0; g < groups; g += 2) {
      const pair = g + 1 < groups ? [g + 1, g] : [g];
      writeSync(fd, `${pair.flatMap(group).join('\n')}\n`);
    }
  } finally {
    closeSync(fd);
  }
  const classes: Record<string, { events: number; retried: number; givenUp: number }> = {
    infrastructure: { events: 2 * groups, retried: 2 * groups, givenUp: 0 },
  };
  FATAL.forEach(({ failureClass }, i) => {
    const count = Math.floor((groups - i + FATAL.length - 1) / FATAL.length);
    if (count > 0) classes[failureClass] = { events: count, retried: 0, givenUp: count };
  });
  return {
    events: groups * EVENTS_PER_GROUP,
    lineages: 2 * groups,
    classes,
    recovered: groups,
    ignored: groups,
  };
}
