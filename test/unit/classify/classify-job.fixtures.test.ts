import { describe, expect, it } from 'vitest';
import type { FailureClass, JobClass } from '#core/classify/classes.js';
import { classifyJob } from '#core/classify/classify-job.js';
import { parseEventJson } from '#core/events/index.js';
import { EVENT_FIXTURE_NAMES, eventFixtureText } from '../../fixtures/events/load-fixture.js';

interface Expected {
  readonly class: JobClass;
  readonly derived?: boolean;
  /** Class of every failed attempt, oldest first. */
  readonly attempts: readonly FailureClass[];
  readonly field: string;
}

const EXPECTED: Readonly<Record<string, Expected>> = {
  'application-exit-1': { class: 'application', attempts: ['application'], field: 'container.exitCode' },
  'application-exit-2': { class: 'application', attempts: ['application'], field: 'container.exitCode' },
  'application-exit-3': { class: 'application', attempts: ['application'], field: 'container.exitCode' },
  'array-child-failed': { class: 'application', attempts: ['application'], field: 'container.exitCode' },
  'array-parent-failed': { class: 'dependency', derived: true, attempts: [], field: 'job.statusReason' },
  'attempt-timeout': { class: 'timeout', attempts: ['timeout'], field: 'attempt.statusReason' },
  'cancelled-by-operator': { class: 'cancelled', attempts: [], field: 'job.statusReason' },
  'dependency-failed': { class: 'dependency', derived: true, attempts: [], field: 'job.statusReason' },
  'ec2-cannot-pull-container': { class: 'middleware', attempts: ['middleware'], field: 'container.reason' },
  'ec2-exit-137-no-reason': { class: 'application', attempts: ['application'], field: 'container.exitCode' },
  'ec2-out-of-memory-137': { class: 'resource', attempts: ['resource'], field: 'container.reason' },
  'ec2-spot-host-terminated': {
    class: 'infrastructure',
    attempts: ['infrastructure'],
    field: 'attempt.statusReason',
  },
  'ecs-multi-container-failed': {
    class: 'application',
    attempts: ['application'],
    field: 'container.exitCode',
  },
  'eks-application-failed': { class: 'application', attempts: ['application'], field: 'container.exitCode' },
  'eks-init-container-completed': {
    class: 'application',
    attempts: ['application'],
    field: 'container.exitCode',
  },
  'eks-oom-killed': { class: 'resource', attempts: ['resource'], field: 'container.reason' },
  'fargate-resource-initialization-error': {
    class: 'middleware',
    attempts: ['middleware'],
    field: 'container.reason',
  },
  'fargate-spot-interruption': {
    class: 'infrastructure',
    attempts: ['infrastructure'],
    field: 'attempt.statusReason',
  },
  'legacy-no-attempts': { class: 'application', attempts: ['application'], field: 'container.exitCode' },
  'multi-node-job-failed': { class: 'application', attempts: ['application'], field: 'container.exitCode' },
  'multi-node-main-failed': { class: 'application', attempts: ['application'], field: 'container.exitCode' },
  'multi-node-non-main-node': {
    class: 'application',
    derived: true,
    attempts: ['application'],
    field: 'container.exitCode',
  },
  'native-attempts-mixed-causes': {
    class: 'application',
    attempts: ['infrastructure', 'application'],
    field: 'container.exitCode',
  },
  'runnable-after-failed-attempt': { class: 'none', attempts: ['application'], field: 'job.status' },
  succeeded: { class: 'none', attempts: [], field: 'job.status' },
  'terminated-by-operator-running': {
    class: 'cancelled',
    attempts: ['cancelled'],
    field: 'job.statusReason',
  },
};

describe('classifyJob on the event fixtures', () => {
  it('has an expectation for every fixture', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...EVENT_FIXTURE_NAMES]);
  });

  it.each(EVENT_FIXTURE_NAMES)('classifies %s as the fixture README says', (name) => {
    const expected = EXPECTED[name];
    const job = parseEventJson(eventFixtureText(name), name);

    const classification = classifyJob(job);

    expect(classification.class).toBe(expected?.class);
    expect(classification.derived).toBe(expected?.derived ?? false);
    expect(classification.attempts.map((a) => a.class)).toEqual(expected?.attempts);
    expect(classification.evidence.field).toBe(expected?.field);
    expect(classification.evidence.pattern).not.toBe('');
  });
});
