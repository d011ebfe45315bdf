import { SeededRandom } from '#adapters/memory/index.js';
import type { AttemptOutcome, OutcomeModel } from './attempt-outcome.js';
import { DEFAULT_DURATION_SECONDS } from './default-durations.js';
import type { Scenario, ScenarioAttempt } from './scenario.js';

function fromAttempt(a: ScenarioAttempt, timeoutSeconds: number | undefined): AttemptOutcome {
  const fallback =
    a.outcome === 'timeout' && timeoutSeconds !== undefined
      ? timeoutSeconds
      : DEFAULT_DURATION_SECONDS[a.outcome];
  const durationSeconds = a.durationSeconds ?? fallback;
  if (a.outcome === 'app-exit') return { kind: 'app-exit', exitCode: a.exitCode ?? 1, durationSeconds };
  return { kind: a.outcome, durationSeconds };
}

/**
 * The outcome model of a scenario, keyed by the attempt's number in the lineage: the script's n-th
 * entry for the n-th attempt, then success or the last entry again (`afterScript`). Random scenarios draw
 * the exit code from a stream derived from `seed` (default: the scenario's own seed, else 1) and the
 * lineage attempt number, so a seed reproduces the run whoever retries.
 */
export function scenarioOutcomes(scenario: Scenario, seed?: number): OutcomeModel {
  const timeout = scenario.job.timeoutSeconds;
  if ('attempts' in scenario) {
    const script = scenario.attempts.map((a) => fromAttempt(a, timeout));
    const last = script[script.length - 1] as AttemptOutcome;
    const after: AttemptOutcome =
      scenario.afterScript === 'succeed'
        ? { kind: 'succeed', durationSeconds: DEFAULT_DURATION_SECONDS.succeed }
        : last;
    return (_job, _attempt, lineageAttempt) => script[lineageAttempt - 1] ?? after;
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
