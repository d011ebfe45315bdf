import { OrchestratorError } from '#core/errors.js';
import type { KeyValuePair, RetryStrategy } from '#core/ports/index.js';
import type { SimulatedPlatform } from './simulated-job.js';

/** A registered job definition of the simulated Batch: what a job runs with unless SubmitJob overrides it. */
export interface SimulatedJobDefinition {
  readonly name: string;
  readonly revision: number;
  readonly platform: SimulatedPlatform;
  readonly image: string;
  readonly command: readonly string[];
  readonly memoryMiB: number;
  readonly vcpus: number;
  readonly environment?: readonly KeyValuePair[];
  readonly parameters?: Readonly<Record<string, string>>;
  readonly retryStrategy?: RetryStrategy;
  /** `timeout.attemptDurationSeconds` (at least 60 on Batch). */
  readonly timeoutSeconds?: number;
}

/** What a scenario's or a workload's `job` says about the job definition it runs under. */
export interface JobDefinitionSpec {
  /** Name, `name:revision` or ARN; revision 1 when none is given. */
  readonly jobDefinition: string;
  readonly platform: SimulatedPlatform;
  /** Default: `<account>.dkr.ecr.us-east-1.amazonaws.com/<name>:latest`. */
  readonly image?: string;
  readonly memoryMiB: number;
  readonly vcpus: number;
  readonly retryStrategy?: RetryStrategy;
  readonly timeoutSeconds?: number;
}

/**
 * The job definition the simulated Batch registers for `job`: its name and revision, platform,
 * resources, image (an ECR image named after the definition unless given), command `run.sh`, and
 * the retryStrategy and timeout when given, so that a resubmitted job inherits them.
 */
export function jobDefinitionFor(job: JobDefinitionSpec): SimulatedJobDefinition {
  const { name, revision = 1 } = definitionReference(job.jobDefinition);
  return {
    name,
    revision,
    platform: job.platform,
    image: job.image ?? `123456789012.dkr.ecr.us-east-1.amazonaws.com/${name}:latest`,
    command: ['run.sh'],
    memoryMiB: job.memoryMiB,
    vcpus: job.vcpus,
    ...(job.retryStrategy === undefined ? {} : { retryStrategy: job.retryStrategy }),
    ...(job.timeoutSeconds === undefined ? {} : { timeoutSeconds: job.timeoutSeconds }),
  };
}

const ARN = /^arn:aws[a-z-]*:batch:[^:]*:\d*:job-definition\/([^:]+)(?::(\d+))?$/;

/** Splits a job definition reference (ARN, `name:revision` or `name`) into its name and revision. */
export function definitionReference(reference: string): {
  readonly name: string;
  readonly revision?: number;
} {
  const arn = ARN.exec(reference);
  const [name = reference, revision] = arn === null ? reference.split(':') : [arn[1], arn[2]];
  return revision === undefined ? { name } : { name, revision: Number(revision) };
}

/**
 * Finds the definition SubmitJob's `jobDefinition` names, in any form Batch accepts: a full ARN,
 * `name:revision` or `name` (the highest revision). Throws a permanent error naming what was asked
 * for and what is registered.
 */
export function resolveJobDefinition(
  definitions: readonly SimulatedJobDefinition[],
  reference: string,
): SimulatedJobDefinition {
  const { name, revision } = definitionReference(reference);
  const matches = definitions.filter(
    (d) => d.name === name && (revision === undefined || d.revision === revision),
  );
  const best = matches.reduce<SimulatedJobDefinition | undefined>(
    (a, d) => (a === undefined || d.revision > a.revision ? d : a),
    undefined,
  );
  if (best === undefined) {
    const known = definitions.map((d) => `${d.name}:${d.revision}`).join(', ') || 'none';
    throw new OrchestratorError(
      `ClientException: job definition ${reference} is not registered in the simulated Batch (registered: ${known})`,
      { transient: false, context: { jobDefinition: reference } },
    );
  }
  return best;
}
