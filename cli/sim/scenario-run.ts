import { SeededRandom } from '#adapters/memory/index.js';
import type { NormalisedJob } from '#core/events/index.js';
import { selectPolicy } from '#core/policy/index.js';
import type { PolicySource } from '#core/ports/index.js';
import { attachOrchestrator } from './orchestrated-run.js';
import { ORCHESTRATOR_RANDOM_STREAM } from './policy-run.js';
import type { Scenario } from './scenario.js';
import { createScenarioSimulation } from './scenario-simulation.js';
import { type TimelineEntry, TimelineRecorder } from './scenario-timeline.js';

/** What one scenario came to under the real orchestrator. */
export interface ScenarioReport {
  readonly name: string;
  readonly description?: string;
  /** The policy that governed the job (the lineage's), or undefined when none did (unmanaged). */
  readonly policy?: string;
  /**
   * False when no policy governed the scenario's job (no `batch-retry:policy` tag, no `match` that
   * fits, no policy named `default`): batch-retry left it alone, so `outcome` is Batch's own.
   */
  readonly managed: boolean;
  /** The seed the run used (ids, random exit codes, jitter). */
  readonly seed: number;
  /** SUCCEEDED when a job of the lineage succeeded; otherwise GAVE_UP (the failure stands). */
  readonly outcome: 'SUCCEEDED' | 'GAVE_UP';
  /** Attempts across every job of the lineage, native retries included. */
  readonly attempts: number;
  /** Resubmissions by the orchestrator (SubmitJob calls after the user's own). */
  readonly submissions: number;
  readonly alerts: number;
  /** Each alert as an operator would read it: its title, then its summary. */
  readonly alertTexts: readonly string[];
  /** Messages that reached each channel once alerts were aggregated by cause. */
  readonly messages: { readonly sns: number; readonly slack: number };
  /** Orchestrator handler deliveries that threw (redelivered, or dead-lettered). */
  readonly handlerErrors: number;
  readonly timeline: readonly TimelineEntry[];
}

/**
 * Plays `scenario` with the real orchestrator attached (see attachOrchestrator) under `policies`:
 * submits the scenario's job, runs the simulation until nothing is left to do, and reports the
 * outcome with its timeline. `seed` overrides a random scenario's own seed (default 1) and seeds ids
 * and jitter, so the same seed gives the same report.
 */
export async function runScenario(
  scenario: Scenario,
  options: { readonly policies: PolicySource; readonly seed?: number },
): Promise<ScenarioReport> {
  const seed = options.seed ?? ('random' in scenario ? (scenario.random.seed ?? 1) : 1);
  const simulation = createScenarioSimulation(scenario, { seed });
  const timeline = new TimelineRecorder(simulation.clock.now());
  // The first final event of each job, to ask afterwards whether any policy selects the root job.
  const decidedJobs = new Map<string, NormalisedJob>();
  const orchestrator = attachOrchestrator(simulation, {
    policies: options.policies,
    random: SeededRandom.derive(seed, ORCHESTRATOR_RANDOM_STREAM),
    observe: (activity) => {
      if (activity.kind === 'decided' && !decidedJobs.has(activity.job.jobId)) {
        decidedJobs.set(activity.job.jobId, activity.job);
      }
      timeline.observe(activity);
    },
  });
  const root = await simulation.submit();
  timeline.submitted(simulation.clock.now(), root.jobId, scenario.job.jobName, scenario.job.jobQueue);
  const record = await simulation.run();
  const lineage = await orchestrator.ledger.getLineage(root.jobId);
  const alerts = orchestrator.alerts.alerts;
  const rootJob = decidedJobs.get(root.jobId);
  const managed =
    lineage !== undefined ||
    (rootJob !== undefined && selectPolicy(rootJob, await options.policies.load()) !== undefined);
  return {
    name: scenario.name,
    ...(scenario.description === undefined ? {} : { description: scenario.description }),
    ...(lineage === undefined ? {} : { policy: lineage.policyName }),
    managed,
    seed,
    outcome: record.jobs.some((j) => j.status === 'SUCCEEDED') ? 'SUCCEEDED' : 'GAVE_UP',
    attempts: record.jobs.reduce((sum, j) => sum + j.attempts.length, 0),
    submissions: record.jobs.length - 1,
    alerts: alerts.length,
    alertTexts: alerts.map((a) => `${a.title}\n${a.summary}`),
    messages: orchestrator.channels.counts(),
    handlerErrors: orchestrator.handlerErrors(),
    timeline: timeline.entries,
  };
}
