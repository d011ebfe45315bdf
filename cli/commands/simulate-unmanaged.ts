import { DEFAULT_POLICY_NAME, type LoadedPolicy } from '#core/policy/index.js';
import type { ScenarioJob } from '../sim/index.js';

/** What an unmanaged scenario was played with, to say why no policy governed its job. */
export interface UnmanagedContext {
  readonly job: ScenarioJob;
  /** The policies the scenario played under. */
  readonly policies: readonly LoadedPolicy[];
  /** The scenario's own policy file, when `--policy` replaced it; shown as the one to try. */
  readonly ownPolicyFile?: string;
}

function describeMatch({ policy, name }: LoadedPolicy): string {
  const { queues, jobDefinitions, jobNames, tags } = policy.match;
  const parts = [
    ...(queues === undefined ? [] : [`queues ${queues.join(', ')}`]),
    ...(jobDefinitions === undefined ? [] : [`job definitions ${jobDefinitions.join(', ')}`]),
    ...(jobNames === undefined ? [] : [`job names ${jobNames.join(', ')}`]),
    ...(tags === undefined
      ? []
      : [
          `tags ${Object.entries(tags)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')}`,
        ]),
  ];
  return parts.length === 0
    ? `${name} (no match: only jobs tagged batch-retry:policy=${name})`
    : `${name} (matches ${parts.join('; ')})`;
}

/**
 * The lines of a simulate summary for a scenario whose job no policy governed: that batch-retry did
 * not act, so the outcome is Batch's own; why no policy selected the job (what each loaded policy
 * matches, against the job's queue, definition and name); and what would select one.
 */
export function unmanagedLines(outcome: 'SUCCEEDED' | 'GAVE_UP', context: UnmanagedContext): string[] {
  const { job, policies, ownPolicyFile } = context;
  const what =
    outcome === 'SUCCEEDED'
      ? 'it succeeded without batch-retry'
      : 'batch-retry did not act and its failure stands';
  const loaded = policies.length === 0 ? 'no policy' : policies.map(describeMatch).join(', ');
  const ways = [
    ...(ownPolicyFile === undefined ? [] : [`--policy ${ownPolicyFile} (the policy this scenario names)`]),
    `a policy whose "match" fits queue ${job.jobQueue}, job definition ${job.jobDefinition} or job name ${job.jobName}`,
    `a policy named ${DEFAULT_POLICY_NAME}`,
  ];
  return [
    `No policy governed job ${job.jobName} (unmanaged), so ${what}.`,
    `Loaded: ${loaded}; none selects a job on queue ${job.jobQueue} with job definition ${job.jobDefinition} and job name ${job.jobName}, and none is named ${DEFAULT_POLICY_NAME}.`,
    `To play it under a policy, give ${ways.join(', or ')}.`,
  ];
}
