import { z } from 'zod';
import { SimulationInputError } from './errors.js';
import { submitTagsSchema } from './tags-schema.js';

const probability = z.number().min(0).max(1);
const positive = z.number().positive();
const price = z.number().min(0);
const exitCode = z.number().int().min(1).max(255);

const runTimeSchema = z.discriminatedUnion('distribution', [
  z.strictObject({ distribution: z.literal('lognormal'), medianMinutes: positive, p95Minutes: positive }),
  z.strictObject({ distribution: z.literal('uniform'), minMinutes: positive, maxMinutes: positive }),
]);

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
      jobDefinition: z.string().min(1),
      memoryMiB: z.number().int().positive(),
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
    failures: z.strictObject({
      spotReclaim: probability,
      imagePullFailure: probability,
      transientAppError: z.strictObject({ probability, exitCodes: z.array(exitCode).min(1) }),
      outOfMemory: z.strictObject({ probability, fixedAtMemoryMiB: z.number().int().positive() }),
      permanentAppError: z.strictObject({ probability, exitCode }),
    }),
    runTime: runTimeSchema,
    prices: z.strictObject({
      spotPerVcpuHour: price,
      onDemandPerVcpuHour: price,
      spotPerGiBHour: price.exactOptional(),
      onDemandPerGiBHour: price.exactOptional(),
    }),
  })
  .superRefine((w, ctx) => {
    const f = w.failures;
    const perAttempt = f.spotReclaim + f.imagePullFailure + f.transientAppError.probability;
    if (perAttempt > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['failures'],
        message: `spotReclaim + imagePullFailure + transientAppError.probability is ${perAttempt}; per-attempt probabilities must add up to at most 1`,
      });
    }
    if (f.outOfMemory.fixedAtMemoryMiB <= w.job.memoryMiB && f.outOfMemory.probability > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['failures', 'outOfMemory', 'fixedAtMemoryMiB'],
        message: `is ${f.outOfMemory.fixedAtMemoryMiB}, not above job.memoryMiB (${w.job.memoryMiB}): no job would ever run out of memory`,
      });
    }
    if (w.runTime.distribution === 'lognormal' && w.runTime.p95Minutes <= w.runTime.medianMinutes) {
      ctx.addIssue({
        code: 'custom',
        path: ['runTime', 'p95Minutes'],
        message: 'must be above medianMinutes',
      });
    }
    if (w.runTime.distribution === 'uniform' && w.runTime.maxMinutes < w.runTime.minMinutes) {
      ctx.addIssue({
        code: 'custom',
        path: ['runTime', 'maxMinutes'],
        message: 'must be at least minMinutes',
      });
    }
    if (w.queues.spot === w.queues.onDemand) {
      ctx.addIssue({ code: 'custom', path: ['queues', 'onDemand'], message: 'must differ from queues.spot' });
    }
  });

/**
 * A workload for `compare`: `jobs` independent jobs submitted to one queue, with failure
 * probabilities, a run-time distribution and prices. Per attempt: `spotReclaim` (only on the Spot
 * queue), `imagePullFailure`, `transientAppError`. Per job (drawn once, because running the same
 * thing again does not help): `outOfMemory` (every attempt below `fixedAtMemoryMiB` is OOM-killed)
 * and `permanentAppError` (every attempt exits with `exitCode`). See docs/simulator.md.
 */
export type Workload = z.infer<typeof workloadSchema>;

/**
 * Validates a decoded workload file.
 * @param source names the input in errors (a file name)
 * @throws SimulationInputError listing the JSON path of every problem
 */
export function parseWorkload(value: unknown, source: string): Workload {
  const parsed = workloadSchema.safeParse(value);
  if (!parsed.success) throw SimulationInputError.fromIssues(source, parsed.error.issues, value);
  return parsed.data;
}
