import * as z from 'zod';
import { SimulationInputError } from './errors.js';
import { submitTagsSchema } from './tags-schema.js';
import { capacitySchema, incidentSchema, worldProblems } from './world-schema.js';

const probability = z.number().min(0).max(1);
const positive = z.number().positive();
const price = z.number().min(0);
const exitCode = z.number().int().min(1).max(255);
const memoryMiB = z.number().int().positive();

const runTimeSchema = z.discriminatedUnion('distribution', [
  z.strictObject({ distribution: z.literal('lognormal'), medianMinutes: positive, p95Minutes: positive }),
  z.strictObject({ distribution: z.literal('uniform'), minMinutes: positive, maxMinutes: positive }),
]);

const definitionSchema = z.strictObject({
  jobDefinition: z.string().min(1),
  share: z.number().positive().max(1),
  image: z.string().min(1).exactOptional(),
  imageMissing: z.boolean().exactOptional(),
});

const failuresSchema = z.strictObject({
  spotReclaim: probability.default(0),
  imagePullFailure: probability.default(0),
  transientAppError: z.strictObject({ probability, exitCodes: z.array(exitCode).min(1) }).exactOptional(),
  outOfMemory: z
    .strictObject({
      probability,
      fixedAtMemoryMiB: z.union([
        memoryMiB,
        z.array(z.strictObject({ memoryMiB, share: z.number().positive().max(1) })).min(1),
      ]),
    })
    .exactOptional(),
  permanentAppError: z.strictObject({ probability, exitCode }).exactOptional(),
});

const workloadSchema = z
  .strictObject({
    name: z.string().min(1),
    description: z.string().exactOptional(),
    jobs: z.number().int().min(1).max(1_000_000),
    seed: z.number().int().exactOptional(),
    job: z.strictObject({
      jobNamePrefix: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,100}$/, {
        error:
          'must be 1-101 letters, digits, "-" or "_", starting with a letter or digit (a number is appended)',
      }),
      jobDefinition: z.string().min(1).exactOptional(),
      definitions: z.array(definitionSchema).min(1).exactOptional(),
      memoryMiB,
      vcpus: positive,
      platform: z.enum(['EC2', 'FARGATE']),
      image: z.string().min(1).exactOptional(),
      timeoutSeconds: z
        .number()
        .int()
        .min(60, { error: 'must be at least 60 (Batch minimum)' })
        .exactOptional(),
      tags: submitTagsSchema.exactOptional(),
    }),
    queues: z.strictObject({ spot: z.string().min(1), onDemand: z.string().min(1) }),
    submitTo: z.enum(['spot', 'onDemand']).exactOptional(),
    submitOverMinutes: z.number().min(0).exactOptional(),
    failures: failuresSchema.prefault({}),
    capacity: capacitySchema.exactOptional(),
    incidents: z.array(incidentSchema).default([]),
    runTime: runTimeSchema,
    prices: z.strictObject({
      spotPerVcpuHour: price,
      onDemandPerVcpuHour: price,
      spotPerGiBHour: price.exactOptional(),
      onDemandPerGiBHour: price.exactOptional(),
    }),
  })
  .superRefine((w, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    const f = w.failures;
    const perAttempt = f.spotReclaim + f.imagePullFailure + (f.transientAppError?.probability ?? 0);
    if (perAttempt > 1) {
      issue(
        ['failures'],
        `spotReclaim + imagePullFailure + transientAppError.probability is ${perAttempt}; per-attempt probabilities must add up to at most 1`,
      );
    }
    const needs = f.outOfMemory?.fixedAtMemoryMiB;
    const lowest = typeof needs === 'number' ? needs : Math.min(...(needs ?? []).map((n) => n.memoryMiB));
    if (needs !== undefined && lowest <= w.job.memoryMiB && (f.outOfMemory?.probability ?? 0) > 0) {
      issue(
        ['failures', 'outOfMemory', 'fixedAtMemoryMiB'],
        `is ${lowest}, not above job.memoryMiB (${w.job.memoryMiB}): no job would ever run out of memory`,
      );
    }
    if (Array.isArray(needs)) shareProblem(needs, ['failures', 'outOfMemory', 'fixedAtMemoryMiB'], issue);
    if ((w.job.jobDefinition === undefined) === (w.job.definitions === undefined)) {
      issue(['job'], 'give either jobDefinition or definitions (a mix of job definitions), exactly one');
    }
    if (w.job.definitions !== undefined) shareProblem(w.job.definitions, ['job', 'definitions'], issue);
    if (w.runTime.distribution === 'lognormal' && w.runTime.p95Minutes <= w.runTime.medianMinutes) {
      issue(['runTime', 'p95Minutes'], 'must be above medianMinutes');
    }
    if (w.runTime.distribution === 'uniform' && w.runTime.maxMinutes < w.runTime.minMinutes) {
      issue(['runTime', 'maxMinutes'], 'must be at least minMinutes');
    }
    if (w.queues.spot === w.queues.onDemand) issue(['queues', 'onDemand'], 'must differ from queues.spot');
    worldProblems(w.capacity, w.incidents, issue);
  });

function shareProblem(
  items: readonly { readonly share: number }[],
  path: (string | number)[],
  issue: (path: (string | number)[], message: string) => void,
): void {
  const total = items.reduce((sum, item) => sum + item.share, 0);
  if (Math.abs(total - 1) > 1e-9) issue(path, `shares add up to ${total}; they must add up to 1`);
}

/**
 * A workload for `compare`: `jobs` independent jobs submitted to one queue, with failure
 * probabilities, a run-time distribution, prices, and optionally capacity pools and incidents that
 * happen at given times (docs/simulator.md). Per attempt: `spotReclaim` (only on the Spot queue),
 * `imagePullFailure` (a transient pull error), `transientAppError`. Per job (drawn once, because
 * running the same thing again does not help): `outOfMemory` (every attempt below the job's
 * `fixedAtMemoryMiB` is OOM-killed) and `permanentAppError` (every attempt exits with `exitCode`); a
 * job definition whose image is missing fails every attempt.
 */
export type Workload = z.infer<typeof workloadSchema>;

/**
 * Validates a decoded workload file and fills its defaults (no failure, no incident).
 * @param source names the input in errors (a file name)
 * @throws SimulationInputError listing the JSON path of every problem
 */
export function parseWorkload(value: unknown, source: string): Workload {
  const parsed = workloadSchema.safeParse(value);
  if (!parsed.success) throw SimulationInputError.fromIssues(source, parsed.error.issues, value);
  return parsed.data;
}
