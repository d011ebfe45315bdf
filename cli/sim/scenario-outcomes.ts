import { SeededRandom } from '#adapters/memory/index.js';
import type { AttemptOutcome, OutcomeModel } from './attempt-outcome.js';
import { DEFAULT_DURATION_SECONDS } from './default-durations.js';
import type { Scenario, ScenarioAttempt } from './scenario.js';
import type { SimulatedJob } from './simulated-job.js';

const SUCCESS: AttemptOutcome = { kind: 'succeed', durationSeconds: DEFAULT_DURATION_SECONDS.succeed };

function fromAttempt(a: ScenarioAttempt, timeoutSeconds: number | undefined): AttemptOutcome {
  const fallback =
    a.outcome === 'timeout' && timeoutSeconds !== undefined
      ? timeoutSeconds
      : DEFAULT_DURATION_SECONDS[a.outcome];
  const durationSeconds = a.durationSeconds ?? fallback;
  if (a.outcome === 'app-exit') return { kind: 'app-exit', exitCode: a.exitCode ?? 1, durationSeconds };
  return { kind: a.outcome, durationSeconds };
}

/** The queue name of a queue name or ARN (the part after the last `/`). */
function queueName(queue: string): string {
  return queue.slice(queue.lastIndexOf('/') + 1);
}

/**
 * A scripted failure that what the policy changed has made impossible does not happen, as in a
 * workload: a Spot reclaim happens only on the scenario's own queue (a job the fallback moved to
 * another queue keeps its host), and an out-of-memory kill only while the job has less memory than
 * the attempt's `fixedAtMemoryMiB` (default: more than the scenario job's own memory). Such an
 * attempt succeeds instead, in the default success time.
 */
function obeyingPhysics(
  scripted: AttemptOutcome,
  entry: ScenarioAttempt | undefined,
  scenario: Scenario,
  job: SimulatedJob,
): AttemptOutcome {
  if (scripted.kind === 'spot-reclaim' && job.queueName !== queueName(scenario.job.jobQueue)) return SUCCESS;
  const fixedAt = entry?.fixedAtMemoryMiB ?? scenario.job.memoryMiB + 1;
  if (scripted.kind === 'out-of-memory' && job.memoryMiB >= fixedAt) return SUCCESS;
  return scripted;
}

/**
 * The outcome model of a scenario, keyed by the attempt's number in the lineage: the script's n-th
 * entry for the n-th attempt, then success or the last entry again (`afterScript`), each subject to
 * the same physics as a workload (obeyingPhysics). Random scenarios draw the exit code from a stream
 * derived from `seed` (default: the scenario's own seed, else 1) and the lineage attempt number, so
 * a seed reproduces the run whoever retries.
 */
export function scenarioOutcomes(scenario: Scenario, seed?: number): OutcomeModel {
  const timeout = scenario.job.timeoutSeconds;
  if ('attempts' in scenario) {
    const script = scenario.attempts.map((a) => fromAttempt(a, timeout));
    const lastEntry = scenario.attempts.at(-1);
    const last = script[script.length - 1] as AttemptOutcome;
    const repeatLast = scenario.afterScript === 'repeat-last';
    return (job, _attempt, lineageAttempt) => {
      const index = lineageAttempt - 1;
      const scripted = script[index] ?? (repeatLast ? last : SUCCESS);
      const entry = scenario.attempts[index] ?? (repeatLast ? lastEntry : undefined);
      return obeyingPhysics(scripted, entry, scenario, job);
    };
  }
  const { exitCodes, durationSeconds } = scenario.random;
  const runSeed = seed ?? scenario.random.seed ?? 1;
  return (_job, _attempt, lineageAttempt) => {
    const draw = SeededRandom.derive(runSeed, lineageAttempt).next();
    const exitCode = exitCodes[Math.floor(draw * exitCodes.length)] ?? 0;
    return fromAttempt(
      exitCode === 0
        ? { outcome: 'succeed', ...(durationSeconds === undefined ? {} : { durationSeconds }) }
        : { outcome: 'app-exit', exitCode, ...(durationSeconds === undefined ? {} : { durationSeconds }) },
      timeout,
    );
  };
}
