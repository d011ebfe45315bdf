import * as z from 'zod';
import { FAILURE_CLASSES } from '../classify/classes.js';
import { builtOnFirstUse } from '../compiled-schema.js';
import { HARD_LIMITS } from './limits.js';

/** Seconds in a day. */
export const DAYS = 86_400;

/** Default `budgets.total` when neither it nor a native retryStrategy is given. */
export const DEFAULT_TOTAL_ATTEMPTS = 3;

/** Backoff defaults: exponential from 30 s, doubling, capped at 1 h, full jitter. */
export const BACKOFF_DEFAULTS = {
  strategy: 'exponential',
  baseSeconds: 30,
  factor: 2,
  capSeconds: 3600,
  jitter: 'full',
} as const;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A number of seconds, at most `max` (a hard limit, named in the error). */
export const seconds = (max: number, what: string) =>
  z
    .number()
    .min(0, { error: 'must not be negative' })
    .max(max, { error: `is above the hard limit of ${max} seconds for ${what}, which no policy can lift` });

const nonEmptyList = <T extends z.ZodType>(item: T) =>
  z.array(item).min(1, { error: 'is an empty list; leave the field out instead' });

/**
 * Builds the schemas of the policy's sections: once, on first use (compiled-schema.ts), so that a
 * function builds them when it first reads a policy, and a process that reads none never does.
 */
function buildSections() {
  const failureClass = z.enum(FAILURE_CLASSES);

  /** Which jobs a policy governs. Every criterion given must match; within a list, any entry may. */
  const match = z
    .strictObject({
      queues: nonEmptyList(z.string().min(1)).optional().describe('Job queue names or ARNs (exact).'),
      jobDefinitions: nonEmptyList(z.string().min(1))
        .optional()
        .describe(
          'Job definition patterns, "*" matches any run of characters. Matched against the name; a pattern ' +
            'with ":" (e.g. "etl:3") against name:revision; one starting "arn:" against the full ARN.',
        ),
      jobNames: nonEmptyList(z.string().min(1))
        .optional()
        .describe('Job name patterns, "*" matches any run of characters.'),
      tags: z
        .record(z.string().min(1).max(128), z.string().max(256))
        .optional()
        .describe('Tags the job must carry; a value pattern may use "*" (for example {"team": "genomics"}).'),
    })
    .describe(
      'Which jobs the policy governs. Empty (the default): only jobs tagged batch-retry:policy=<name>.',
    );

  /** Attempt budgets. Counts cover the whole lineage, including attempts AWS Batch retried natively. */
  const budgets = z
    .strictObject({
      total: z
        .number()
        .int()
        .min(1, { error: 'must be at least 1 (the first attempt)' })
        .max(HARD_LIMITS.maxAttempts, {
          error: `is above the hard limit of ${HARD_LIMITS.maxAttempts} attempts per lineage, which no policy can lift`,
        })
        .optional()
        .describe(
          'Most attempts in the lineage, counting the first run and every class. Default 3, or ' +
            'retryStrategy.attempts (Batch default 1) when a native retryStrategy is given.',
        ),
      perClass: z
        .partialRecord(
          failureClass,
          z
            .number()
            .int()
            .min(0, { error: 'must not be negative' })
            .max(HARD_LIMITS.maxAttempts - 1, {
              error: `is above the hard limit of ${HARD_LIMITS.maxAttempts - 1} retries, which no policy can lift`,
            }),
        )
        .default({})
        .describe(
          'Most retries after failures of one class, e.g. {"infrastructure": 5}. Failures of a class listed ' +
            'here count only against its own budget (and total), never against another class. Default {}.',
        ),
      maxLineageAgeSeconds: z
        .number()
        .int()
        .min(60, { error: 'must be at least 60 seconds' })
        .max(HARD_LIMITS.maxLineageAgeSeconds, {
          error: `is above the hard limit of ${HARD_LIMITS.maxLineageAgeSeconds} seconds (14 days) per lineage, which no policy can lift`,
        })
        .default(7 * DAYS)
        .describe(
          'No resubmission once the first job of the lineage is older than this. Default 604800 (7 days).',
        ),
    })
    .describe('Attempt budgets, in total and per failure class.');

  const backoffFields = {
    strategy: z
      .enum(['fixed', 'exponential', 'decorrelated'])
      .describe(
        'fixed: baseSeconds; exponential: baseSeconds x factor^(n-1); decorrelated: uniform between ' +
          'baseSeconds and previous delay x factor (jitter is built in). All capped at capSeconds.',
      ),
    baseSeconds: seconds(HARD_LIMITS.maxDelaySeconds, 'one delay').describe('First delay, in seconds.'),
    factor: z
      .number()
      .min(1, { error: 'must be at least 1' })
      .max(100, { error: 'must be at most 100' })
      .describe('Growth per failure (exponential, decorrelated).'),
    capSeconds: seconds(HARD_LIMITS.maxDelaySeconds, 'one delay').describe('Longest delay, in seconds.'),
    jitter: z
      .enum(['none', 'full', 'equal'])
      .describe(
        'none: the delay as computed; full: uniform in [0, delay]; equal: delay/2 + uniform in [0, delay/2].',
      ),
  };

  const classBackoffSchema = z
    .strictObject({
      strategy: backoffFields.strategy.optional(),
      baseSeconds: backoffFields.baseSeconds.optional(),
      factor: backoffFields.factor.optional(),
      capSeconds: backoffFields.capSeconds.optional(),
      jitter: backoffFields.jitter.optional(),
    })
    .describe('Overrides for one class; fields left out come from the global backoff.');

  /** How long to wait before each resubmission, globally and per class. */
  const backoff = z
    .strictObject({
      strategy: backoffFields.strategy.default(BACKOFF_DEFAULTS.strategy),
      baseSeconds: backoffFields.baseSeconds.default(BACKOFF_DEFAULTS.baseSeconds),
      factor: backoffFields.factor.default(BACKOFF_DEFAULTS.factor),
      capSeconds: backoffFields.capSeconds.default(BACKOFF_DEFAULTS.capSeconds),
      jitter: backoffFields.jitter.default(BACKOFF_DEFAULTS.jitter),
      perClass: z
        .partialRecord(failureClass, classBackoffSchema)
        .default({})
        .describe('Per-class overrides.'),
    })
    .describe(
      'Delay before each resubmission. Default: exponential, 30 s base, factor 2, 1 h cap, full jitter.',
    );

  /** More memory and vCPUs after an out-of-memory failure (class `resource` only). */
  const escalate = z
    .strictObject({
      memoryFactor: z
        .number()
        .min(1, { error: 'must be at least 1' })
        .max(16, { error: 'must be at most 16' })
        .default(2)
        .describe('Memory multiplier per resource failure. Default 2.'),
      vcpuFactor: z
        .number()
        .min(1, { error: 'must be at least 1' })
        .max(16, { error: 'must be at most 16' })
        .default(1)
        .describe('vCPU multiplier per resource failure. Default 1 (unchanged).'),
      maxMemoryMiB: z
        .number()
        .int()
        .min(1, { error: 'must be at least 1' })
        .max(HARD_LIMITS.maxMemoryMiB, { error: `must be at most ${HARD_LIMITS.maxMemoryMiB} MiB` })
        .describe('Ceiling for memory, in MiB; never exceeded. Required.'),
      maxVcpus: z
        .number()
        .min(0.25, { error: 'must be at least 0.25' })
        .max(HARD_LIMITS.maxVcpus, { error: `must be at most ${HARD_LIMITS.maxVcpus}` })
        .optional()
        .describe('Ceiling for vCPUs; never exceeded. Required when vcpuFactor is above 1.'),
    })
    .superRefine((value, ctx) => {
      if (value.vcpuFactor > 1 && value.maxVcpus === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['maxVcpus'],
          message: 'is required when vcpuFactor is above 1, so that vCPUs cannot grow without bound',
        });
      }
    })
    .describe('Resource class only: resubmit with more memory (and vCPUs), up to ceilings.');

  /** Queues to move to after repeated infrastructure failures. */
  const fallback = z
    .strictObject({
      infrastructure: z.strictObject({
        ladder: z
          .array(
            z.strictObject({
              afterFailures: z
                .number()
                .int()
                .min(1, { error: 'must be at least 1' })
                .max(HARD_LIMITS.maxAttempts - 1, { error: `must be at most ${HARD_LIMITS.maxAttempts - 1}` })
                .describe('Move once the lineage has this many infrastructure failures.'),
              jobQueue: z.string().min(1).describe('Queue name or ARN to resubmit to.'),
            }),
          )
          .min(1, { error: 'is empty; give at least one step or leave fallback out' })
          .max(10, { error: 'has more than 10 steps' })
          .superRefine((ladder, ctx) => {
            for (let i = 1; i < ladder.length; i++) {
              const previous = ladder[i - 1]?.afterFailures ?? 0;
              if ((ladder[i]?.afterFailures ?? 0) <= previous) {
                ctx.addIssue({
                  code: 'custom',
                  path: [i, 'afterFailures'],
                  message: `must be greater than the step before it (${previous}); order the ladder by afterFailures`,
                });
              }
            }
          })
          .describe('Steps in increasing afterFailures; the last step reached wins.'),
      }),
    })
    .describe('Infrastructure class only: a ladder of queues, e.g. Spot, then on-demand after 2 reclaims.');

  /** What to do with a failed array child (Batch owns AWS_BATCH_JOB_ARRAY_INDEX, so it cannot rerun as is). */
  const arrayChildren = z
    .discriminatedUnion('mode', [
      z.strictObject({
        mode: z.literal('resubmit-as-single'),
        indexVariable: z
          .string()
          .regex(ENV_NAME, { error: 'must be an environment variable name (letters, digits, _)' })
          .refine((name) => !name.startsWith('AWS_BATCH'), {
            error: 'must not start with AWS_BATCH; AWS Batch reserves those names',
          })
          .default('BATCH_RETRY_ARRAY_INDEX')
          .describe('Variable that receives the child index. Default BATCH_RETRY_ARRAY_INDEX.'),
      }),
      z.strictObject({ mode: z.literal('alert-only') }),
    ])
    .describe(
      'resubmit-as-single: rerun a failed child as a single job whose index is in indexVariable (the job ' +
        'must read it); alert-only: alert, never rerun. Default {"mode": "alert-only"}.',
    );

  return { match, budgets, backoff, escalate, fallback, arrayChildren };
}

/**
 * The sections of a policy document, built on first use: `match` (which jobs the policy governs),
 * `budgets` (attempts in total and per class), `backoff`, `escalate` (more memory after an
 * out-of-memory failure), `fallback` (queues after infrastructure failures), `arrayChildren`.
 */
export const policySections = builtOnFirstUse(buildSections);
