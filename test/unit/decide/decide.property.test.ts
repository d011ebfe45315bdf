import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '#adapters/memory/seeded-random.js';
import { FAILURE_CLASSES, type FailureClass } from '#core/classify/classes.js';
import type { Decision } from '#core/decide/decide.js';
import type { ClassCounts, LineageState } from '#core/lineage/types.js';
import { backoffFor } from '#core/policy/backoff.js';
import { HARD_LIMITS } from '#core/policy/limits.js';
import type { Policy, PolicyDocument } from '#core/policy/schema.js';
import type { LoadedPolicy } from '#core/policy/select.js';
import { loadedPolicy } from '../../helpers/policies.js';
import { type ClassifiedJob, classified, decideOn, lineageWith, NOW } from './decide-fixtures.js';

/** Every fixture of a failure that is decided on its own (derived failures are ignored before budgets). */
const FAILED_JOBS: readonly ClassifiedJob[] = [
  'application-exit-1',
  'application-exit-3',
  'array-child-failed',
  'attempt-timeout',
  'cancelled-by-operator',
  'ec2-cannot-pull-container',
  'ec2-out-of-memory-137',
  'ec2-spot-host-terminated',
  'ecs-multi-container-failed',
  'eks-oom-killed',
  'fargate-spot-interruption',
  'legacy-no-attempts',
  'native-attempts-mixed-causes',
].map((name) => classified(name));

const DAY = 86_400;
const classArb = fc.constantFrom(...FAILURE_CLASSES);

/** A complete backoff section; base never above cap, as the schema requires. */
const backoffArb = fc
  .record({
    strategy: fc.constantFrom('fixed' as const, 'exponential' as const, 'decorrelated' as const),
    baseSeconds: fc.integer({ min: 0, max: HARD_LIMITS.maxDelaySeconds }),
    factor: fc.double({ min: 1, max: 100, noNaN: true }),
    capSeconds: fc.integer({ min: 0, max: HARD_LIMITS.maxDelaySeconds }),
    jitter: fc.constantFrom('none' as const, 'full' as const, 'equal' as const),
  })
  .map((b) => ({ ...b, baseSeconds: Math.min(b.baseSeconds, b.capSeconds) }));

function perClassOf<T>(value: fc.Arbitrary<T>): fc.Arbitrary<Partial<Record<FailureClass, T>>> {
  return fc.record(
    Object.fromEntries(FAILURE_CLASSES.map((c) => [c, value])) as Record<FailureClass, fc.Arbitrary<T>>,
    {
      requiredKeys: [],
    },
  );
}

/** Any valid policy document: budgets, backoff (global and per class), rules, escalation, fallback. */
const policyArb: fc.Arbitrary<LoadedPolicy> = fc
  .integer({ min: 1, max: HARD_LIMITS.maxAttempts })
  .chain((total) =>
    fc.record({
      defaultAction: fc.constantFrom('RETRY' as const, 'RETRY' as const, 'EXIT' as const),
      rules: fc.array(
        fc.record({ onClass: classArb, action: fc.constantFrom('RETRY' as const, 'EXIT' as const) }),
        {
          maxLength: 2,
        },
      ),
      budgets: fc.record({
        total: fc.constant(total),
        perClass: perClassOf(fc.integer({ min: 0, max: total - 1 })),
        maxLineageAgeSeconds: fc.integer({ min: 60, max: HARD_LIMITS.maxLineageAgeSeconds }),
      }),
      backoff: fc
        .tuple(backoffArb, perClassOf(backoffArb))
        .map(([global, perClass]) => ({ ...global, perClass })),
      escalate: fc.option(
        fc.record({
          memoryFactor: fc.double({ min: 1, max: 16, noNaN: true }),
          maxMemoryMiB: fc.integer({ min: 1, max: HARD_LIMITS.maxMemoryMiB }),
        }),
        { nil: undefined },
      ),
      fallback: fc.option(
        fc.integer({ min: 1, max: HARD_LIMITS.maxAttempts - 1 }).map((afterFailures) => ({
          infrastructure: { ladder: [{ afterFailures, jobQueue: 'on-demand' }] },
        })),
        { nil: undefined },
      ),
      arrayChildren: fc.constantFrom(
        { mode: 'alert-only' as const },
        { mode: 'resubmit-as-single' as const },
      ),
    }),
  )
  .map(({ escalate, fallback, ...document }) =>
    loadedPolicy({
      ...document,
      ...(escalate === undefined ? {} : { escalate }),
      ...(fallback === undefined ? {} : { fallback }),
    } as Partial<PolicyDocument>),
  );

/** Earlier failures per class (up to 60 in all, past the hard limit), an age up to 20 days. */
const lineageArb: fc.Arbitrary<LineageState | undefined> = fc.option(
  fc
    .record({
      counts: perClassOf(fc.integer({ min: 0, max: 8 })),
      ageSeconds: fc.integer({ min: 0, max: 20 * DAY }),
      lastDelaySeconds: fc.integer({ min: 0, max: HARD_LIMITS.maxDelaySeconds }),
    })
    .map((options) => lineageWith(options)),
  { nil: undefined },
);

const seedArb = fc.integer();
const jobArb = fc.constantFrom(...FAILED_JOBS);

/** What this failure adds to the counts: its attempts per class, or one failure of its class. */
function ownCounts({ classification }: ClassifiedJob): { attempts: number; counts: ClassCounts } {
  const counts: Partial<Record<FailureClass, number>> = {};
  for (const a of classification.attempts) counts[a.class] = (counts[a.class] ?? 0) + 1;
  const cls = classification.class as FailureClass;
  if (classification.attempts.length === 0) counts[cls] = 1;
  return { attempts: Math.max(1, classification.attempts.length), counts };
}

const run = (
  job: ClassifiedJob,
  policy: LoadedPolicy,
  lineage: LineageState | undefined,
  seed: number,
): Decision =>
  decideOn(job, { policy, ...(lineage === undefined ? {} : { lineage }), random: new SeededRandom(seed) });

describe('decide (properties)', () => {
  it('never retries once the total budget or the failed class budget is used up', () => {
    let retries = 0;
    fc.assert(
      fc.property(jobArb, policyArb, lineageArb, seedArb, (job, policy, lineage, seed) => {
        const decision = run(job, policy, lineage, seed);
        if (decision.action !== 'RETRY') return;
        retries++;
        const own = ownCounts(job);
        const cls = decision.failureClass;
        const totalUsed = (lineage?.totalAttempts ?? 0) + own.attempts;
        expect(totalUsed).toBeLessThan(Math.min(policy.policy.budgets.total, HARD_LIMITS.maxAttempts));
        const classLimit = policy.policy.budgets.perClass[cls];
        if (classLimit !== undefined) {
          expect((lineage?.counts[cls] ?? 0) + (own.counts[cls] ?? 0)).toBeLessThanOrEqual(classLimit);
        }
      }),
      { numRuns: 300 },
    );
    expect(retries).toBeGreaterThan(0);
  });

  it('chooses whole-second delays within [0, capSeconds of the class backoff] and the hard limit', () => {
    fc.assert(
      fc.property(jobArb, policyArb, lineageArb, seedArb, (job, policy, lineage, seed) => {
        const decision = run(job, policy, lineage, seed);
        if (decision.action !== 'RETRY') return;
        const cap = backoffFor(policy.policy.backoff, decision.failureClass).capSeconds;
        expect(Number.isInteger(decision.delaySeconds)).toBe(true);
        expect(decision.delaySeconds).toBeGreaterThanOrEqual(0);
        expect(decision.delaySeconds).toBeLessThanOrEqual(Math.min(cap, HARD_LIMITS.maxDelaySeconds));
      }),
      { numRuns: 300 },
    );
  });

  it('decides the same for the same input and the same random seed', () => {
    fc.assert(
      fc.property(jobArb, policyArb, lineageArb, seedArb, (job, policy, lineage, seed) => {
        expect(run(job, policy, lineage, seed)).toEqual(run(job, policy, lineage, seed));
      }),
    );
  });

  it('retries an application failure iff its own budget allows, whatever infrastructure failures came first', () => {
    const applicationJobs = fc.constantFrom(
      ...FAILED_JOBS.filter((j) => j.classification.class === 'application' && j.job.array === undefined),
    );
    const scenario = fc
      .record({ infraBudget: fc.integer({ min: 0, max: 20 }), appBudget: fc.integer({ min: 0, max: 20 }) })
      .chain(({ infraBudget, appBudget }) =>
        fc.record({
          infraBudget: fc.constant(infraBudget),
          appBudget: fc.constant(appBudget),
          infraFailures: fc.integer({ min: 0, max: infraBudget }),
          appFailures: fc.integer({ min: 0, max: 25 }),
        }),
      );
    fc.assert(
      fc.property(applicationJobs, scenario, backoffArb, seedArb, (job, s, backoff, seed) => {
        const policy = loadedPolicy({
          defaultAction: 'RETRY',
          budgets: { total: 50, perClass: { infrastructure: s.infraBudget, application: s.appBudget } },
          backoff: {
            ...backoff,
            capSeconds: Math.min(backoff.capSeconds, DAY),
            baseSeconds: Math.min(backoff.baseSeconds, DAY),
          },
        });
        const withInfra = lineageWith({
          counts: { infrastructure: s.infraFailures, application: s.appFailures },
        });
        const withoutInfra = lineageWith({ counts: { application: s.appFailures } });

        const decision = run(job, policy, withInfra, seed);

        expect(decision.action === 'RETRY').toBe(s.appFailures + 1 <= s.appBudget);
        expect(decision.action).toBe(run(job, policy, withoutInfra, seed).action);
      }),
      { numRuns: 300 },
    );
  });
});

/** A parsed policy edited in memory past every limit the schema enforces. */
function overLimits(loaded: LoadedPolicy): LoadedPolicy {
  const { policy } = loaded;
  const huge = 1e9;
  const perClassBackoff = Object.fromEntries(
    Object.entries(policy.backoff.perClass).map(([c, b]) => [c, { ...b, capSeconds: huge }]),
  );
  const edited: Policy = {
    ...policy,
    budgets: {
      ...policy.budgets,
      total: 10_000,
      maxLineageAgeSeconds: huge,
      perClass: Object.fromEntries(FAILURE_CLASSES.map((c) => [c, 10_000])),
    },
    backoff: { ...policy.backoff, baseSeconds: huge, capSeconds: huge, perClass: perClassBackoff },
  };
  return { ...loaded, policy: edited };
}

describe('decide (hard limits against an edited policy)', () => {
  const heavyLineageArb = fc
    .record({
      counts: perClassOf(fc.integer({ min: 0, max: 15 })),
      ageSeconds: fc.integer({ min: 0, max: 20 * DAY }),
      lastDelaySeconds: fc.integer({ min: 0, max: 1e9 }),
    })
    .map((options) => lineageWith(options));

  it('never retries at 50 attempts, past 14 days, or after a delay over 7 days', () => {
    let retries = 0;
    fc.assert(
      fc.property(jobArb, policyArb, heavyLineageArb, seedArb, (job, loaded, lineage, seed) => {
        const decision = run(job, overLimits(loaded), lineage, seed);
        if (decision.action !== 'RETRY') return;
        retries++;
        expect(lineage.totalAttempts + ownCounts(job).attempts).toBeLessThan(HARD_LIMITS.maxAttempts);
        expect(decision.delaySeconds).toBeLessThanOrEqual(HARD_LIMITS.maxDelaySeconds);
        const ageAtRetry = (NOW - lineage.createdAt) / 1000 + decision.delaySeconds;
        expect(ageAtRetry).toBeLessThanOrEqual(HARD_LIMITS.maxLineageAgeSeconds);
      }),
      { numRuns: 300 },
    );
    expect(retries).toBeGreaterThan(0);
  });

  it('exits at the hard attempt limit even when budgets.total allows 10000', () => {
    fc.assert(
      fc.property(jobArb, policyArb, fc.integer({ min: 50, max: 60 }), seedArb, (job, loaded, used, seed) => {
        const lineage = lineageWith({ counts: { unknown: used - ownCounts(job).attempts } });

        const decision = run(job, overLimits(loaded), lineage, seed);

        expect(decision.action).not.toBe('RETRY');
      }),
    );
  });
});
