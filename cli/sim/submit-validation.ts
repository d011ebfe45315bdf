import { OrchestratorError } from '#core/errors.js';
import { BATCH_RETRY_LIMITS } from '#core/policy/index.js';
import type { SubmitJobInput } from '#core/ports/index.js';

const JOB_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
const MAX_TAGS = 50;

function reject(input: SubmitJobInput, problem: string): never {
  throw new OrchestratorError(`ClientException: SubmitJob for job ${input.jobName}: ${problem}`, {
    transient: false,
    context: { jobName: input.jobName, jobQueue: input.jobQueue },
  });
}

/**
 * Rejects a SubmitJob request the way the Batch API would (ClientException), for the limits an
 * orchestrator can get wrong: job name, retryStrategy, timeout, tags, resource overrides.
 */
export function validateSubmitJob(input: SubmitJobInput): void {
  if (!JOB_NAME.test(input.jobName)) {
    reject(input, 'jobName must be 1-128 letters, digits, "-" or "_", starting with a letter or digit');
  }
  const attempts = input.retryStrategy?.attempts;
  if (
    attempts !== undefined &&
    (!Number.isInteger(attempts) || attempts < 1 || attempts > BATCH_RETRY_LIMITS.maxAttempts)
  ) {
    reject(
      input,
      `retryStrategy.attempts is ${attempts}; Batch allows 1 to ${BATCH_RETRY_LIMITS.maxAttempts}`,
    );
  }
  const rules = input.retryStrategy?.evaluateOnExit?.length ?? 0;
  if (rules > BATCH_RETRY_LIMITS.maxEvaluateOnExit) {
    reject(
      input,
      `retryStrategy.evaluateOnExit has ${rules} rules; Batch allows ${BATCH_RETRY_LIMITS.maxEvaluateOnExit}`,
    );
  }
  const timeout = input.timeout?.attemptDurationSeconds;
  if (timeout !== undefined && timeout < 60) {
    reject(input, `timeout.attemptDurationSeconds is ${timeout}; Batch needs at least 60`);
  }
  const tags = Object.keys(input.tags ?? {});
  if (tags.length > MAX_TAGS) reject(input, `${tags.length} tags; Batch allows ${MAX_TAGS}`);
  const reserved = tags.find((k) => k.startsWith('aws:'));
  if (reserved !== undefined) reject(input, `tag ${reserved} uses the reserved "aws:" prefix`);
  for (const r of input.containerOverrides?.resourceRequirements ?? []) {
    const value = Number(r.value);
    if (!(value > 0) || (r.type === 'MEMORY' && !Number.isInteger(value))) {
      reject(
        input,
        `resourceRequirements ${r.type} value ${JSON.stringify(r.value)} is not a positive amount`,
      );
    }
  }
}
