import * as z from 'zod';
import { nativeRetryStrategySchema } from '#core/policy/index.js';
import type { RetryStrategy } from '#core/ports/index.js';
import type { OutcomeKind } from './attempt-outcome.js';
import { SimulationInputError } from './errors.js';
import { toRetryStrategy } from './retry-strategy-input.js';
import type { SimulatedPlatform } from './simulated-job.js';
import { submitTagsSchema } from './tags-schema.js';

const OUTCOMES = [
  'succeed',
  'spot-reclaim',
  'image-pull-failure',
  'out-of-memory',
  'app-exit',
  'timeout',
] as const;

const exitCode = z.number().int().min(0).max(255);
const duration = z
  .number()
  .positive()
  .max(14 * 24 * 3600);

const attemptSchema = z
  .strictObject({
    outcome: z.enum(OUTCOMES),
    exitCode: exitCode.exactOptional(),
    durationSeconds: duration.exactOptional(),
    fixedAtMemoryMiB: z.number().int().positive().exactOptional(),
  })
  .superRefine((a, ctx) => {
    if (a.outcome === 'app-exit' && a.exitCode === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['exitCode'],
        message: 'is missing; an app-exit attempt needs its exit code',
      });
    }
    if (a.outcome !== 'app-exit' && a.exitCode !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['exitCode'],
        message: `only app-exit takes an exit code (Batch writes ${a.outcome}'s own)`,
      });
    }
    if (a.outcome !== 'out-of-memory' && a.fixedAtMemoryMiB !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['fixedAtMemoryMiB'],
        message: 'only an out-of-memory attempt takes fixedAtMemoryMiB',
      });
    }
  });

const jobSchema = z.strictObject({
  jobName: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/, {
    error:
      'must be 1-128 letters, digits, "-" or "_", starting with a letter or digit (Batch job name rules)',
  }),
  jobQueue: z.string().min(1),
  jobDefinition: z.string().min(1),
  memoryMiB: z.number().int().positive(),
  vcpus: z.number().positive(),
  platform: z.enum(['EC2', 'FARGATE']),
  image: z.string().min(1).exactOptional(),
  retryStrategy: nativeRetryStrategySchema().exactOptional(),
  timeoutSeconds: z.number().int().min(60, { error: 'must be at least 60 (Batch minimum)' }).exactOptional(),
  tags: submitTagsSchema.exactOptional(),
});

const scenarioSchema = z
  .strictObject({
    name: z.string().min(1),
    description: z.string().exactOptional(),
    policy: z.string().min(1).exactOptional(),
    job: jobSchema,
    attempts: z.array(attemptSchema).min(1).exactOptional(),
    // biome-ignore lint/suspicious/noThenProperty: the scenario file's documented key; parsed data renames it afterScript.
    then: z.enum(['succeed', 'repeat-last']).exactOptional(),
    random: z
      .strictObject({
        seed: z.number().int().exactOptional(),
        exitCodes: z.array(exitCode).min(1),
        durationSeconds: duration.exactOptional(),
      })
      .exactOptional(),
  })
  .superRefine((s, ctx) => {
    if ((s.attempts === undefined) === (s.random === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'give either "attempts" (a script) or "random", exactly one',
      });
    }
    if (s.then !== undefined && s.attempts === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['then'],
        message: 'only applies to a scripted scenario ("attempts")',
      });
    }
  });

/** One scripted attempt. Durations default per outcome (see docs/simulator.md). */
export interface ScenarioAttempt {
  readonly outcome: OutcomeKind;
  readonly exitCode?: number;
  readonly durationSeconds?: number;
  /**
   * `out-of-memory` only: the memory in MiB from which the attempt no longer runs out of it. Default:
   * anything above the scenario job's `memoryMiB`.
   */
  readonly fixedAtMemoryMiB?: number;
}

/** The job a scenario submits; it also defines the job definition the simulated Batch registers. */
export interface ScenarioJob {
  readonly jobName: string;
  readonly jobQueue: string;
  /** Name, `name:revision` or ARN; revision 1 when none is given. */
  readonly jobDefinition: string;
  readonly memoryMiB: number;
  readonly vcpus: number;
  readonly platform: SimulatedPlatform;
  readonly image?: string;
  readonly retryStrategy?: RetryStrategy;
  readonly timeoutSeconds?: number;
  /** Put on the job at SubmitJob; policies can `match` on them. */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A scenario: one job and what happens to each of its attempts, counted across the whole lineage
 * (attempts Batch makes natively and jobs an orchestrator resubmits continue the same script).
 * Scripted: `attempts`, then `afterScript` (the file's `then`, default `repeat-last`) once the script runs out. Random: every
 * attempt exits with a code drawn uniformly from `exitCodes` (0 is success).
 */
export type Scenario = {
  readonly name: string;
  readonly description?: string;
  /** The policy file the scenario plays under, as written (a path relative to the scenario file). */
  readonly policy?: string;
  readonly job: ScenarioJob;
} & (
  | { readonly attempts: readonly ScenarioAttempt[]; readonly afterScript: 'succeed' | 'repeat-last' }
  | {
      readonly random: {
        readonly seed?: number;
        readonly exitCodes: readonly number[];
        readonly durationSeconds?: number;
      };
    }
);

/**
 * Validates a decoded scenario file.
 * @param source names the input in errors (a file name)
 * @throws SimulationInputError listing the JSON path of every problem
 */
export function parseScenario(value: unknown, source: string): Scenario {
  const parsed = scenarioSchema.safeParse(value);
  if (!parsed.success) throw SimulationInputError.fromIssues(source, parsed.error.issues, value);
  const { attempts, then, random, job: rawJob, ...head } = parsed.data;
  const { retryStrategy, ...job } = rawJob;
  const base = {
    ...head,
    job: {
      ...job,
      ...(retryStrategy === undefined ? {} : { retryStrategy: toRetryStrategy(retryStrategy) }),
    },
  };
  if (attempts !== undefined) return { ...base, attempts, afterScript: then ?? 'repeat-last' };
  return { ...base, random: random as NonNullable<typeof random> };
}
