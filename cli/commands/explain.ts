import type { Command } from 'commander';
import { SeededRandom } from '#adapters/memory/index.js';
import { type Classification, classifyJob } from '#core/classify/index.js';
import { type Decision, decide } from '#core/decide/index.js';
import type { NormalisedJob } from '#core/events/index.js';
import { consoleLinks } from '#core/links/index.js';
import { type LoadedPolicy, selectPolicy } from '#core/policy/index.js';
import type { SubmitJobInput } from '#core/ports/index.js';
import { maskEnvironment } from '#core/submit/index.js';
import { InputEvents } from '../inputs/index.js';
import {
  type CliIo,
  commandAction,
  type OutputOptionValues,
  outputFormat,
  outputOptions,
  policyOption,
  seedOption,
} from '../kit/index.js';
import { loadPolicyFiles } from '../load-policies.js';

/** Everything `explain` found out about one event. */
interface Explanation {
  readonly source: string;
  readonly job: NormalisedJob;
  readonly classification: Classification;
  readonly policy?: { readonly name: string; readonly version: number; readonly why: string };
  readonly decision: Decision;
  readonly submitJobRequest?: SubmitJobInput;
}

/** The event's own time: lineage-age limits are judged as they would have been when it arrived. */
function eventTime(job: NormalisedJob): number {
  const time = job.event === undefined ? Number.NaN : Date.parse(job.event.time);
  return Number.isFinite(time) ? time : (job.stoppedAt ?? job.createdAt ?? Date.now());
}

function explain(
  source: string,
  job: NormalisedJob,
  policies: readonly LoadedPolicy[],
  seed: number,
): Explanation {
  const classification = classifyJob(job);
  const selected = selectPolicy(job, policies);
  if (selected === undefined) {
    const reason =
      policies.length === 0
        ? 'no policy was given (--policy <file>), so the job would be unmanaged and ignored'
        : 'no policy governs this job (no batch-retry:policy tag, no match, no policy named default)';
    return { source, job, classification, decision: { action: 'IGNORE', reason, explanation: [] } };
  }
  const now = eventTime(job);
  const decision = decide({
    job,
    classification,
    lineage: undefined,
    policy: selected.policy,
    now,
    random: new SeededRandom(seed),
  });
  const policy = { name: selected.policy.name, version: selected.policy.version, why: selected.why };
  if (decision.action === 'IGNORE') return { source, job, classification, policy, decision };
  return {
    source,
    job,
    classification,
    policy,
    decision,
    ...(decision.action === 'RETRY' ? { submitJobRequest: decision.request } : {}),
  };
}

function decisionLine(decision: Decision): string {
  if (decision.action === 'RETRY') {
    const resources =
      decision.resources === undefined
        ? ''
        : `, with ${decision.resources.memoryMiB ?? '(same)'} MiB and ${decision.resources.vcpus ?? '(same)'} vCPUs`;
    return `RETRY in ${decision.delaySeconds} s on ${decision.jobQueue} as attempt ${decision.childAttempt}${resources}`;
  }
  return `${decision.action}: ${decision.reason}`;
}

function render(e: Explanation): string {
  const { job, classification, decision } = e;
  const links = consoleLinks(job);
  const lines = [
    `${e.source}`,
    `  Job        ${job.jobName} (${job.jobId}), ${job.status} on ${job.jobQueue}, platform ${job.platform}`,
    ...(links === undefined ? [] : [`  Console    ${links.job}`]),
    ...(links?.logs === undefined ? [] : [`  Logs       ${links.logs}`]),
    `  Class      ${classification.class}${classification.derived ? ' (derived: counted on its source job)' : ''}`,
    ...(classification.evidence.cause === undefined
      ? []
      : [
          `  Cause      ${classification.evidence.cause} (${classification.evidence.transient === true ? 'usually transient' : 'not transient'})`,
        ]),
    `             evidence: ${classification.evidence.field} ${JSON.stringify(classification.evidence.text)}` +
      ` matched ${classification.evidence.pattern}`,
  ];
  classification.attempts.forEach((a) => {
    lines.push(
      `             attempt ${a.index + 1}: ${a.class}/${a.evidence.cause} (${a.evidence.field} ${JSON.stringify(a.evidence.text)})`,
    );
  });
  lines.push(
    e.policy === undefined
      ? '  Policy     none'
      : `  Policy     ${e.policy.name} v${e.policy.version}, because ${e.policy.why}`,
  );
  lines.push(`  Decision   ${decisionLine(decision)}`);
  for (const step of decision.explanation) lines.push(`             - ${step}`);
  if (e.submitJobRequest !== undefined) {
    lines.push('  SubmitJob  the request that would be sent:');
    for (const line of JSON.stringify(e.submitJobRequest, null, 2).split('\n')) lines.push(`    ${line}`);
  }
  return `${lines.join('\n')}\n`;
}

function asJson(e: Explanation): string {
  return JSON.stringify({
    source: e.source,
    job: {
      jobId: e.job.jobId,
      jobName: e.job.jobName,
      status: e.job.status,
      platform: e.job.platform,
      jobQueue: e.job.jobQueue,
    },
    links: consoleLinks(e.job) ?? null,
    classification: e.classification,
    policy: e.policy ?? null,
    // The request is printed once, as submitJobRequest.
    decision: e.decision.action === 'RETRY' ? { ...e.decision, request: undefined } : e.decision,
    submitJobRequest: e.submitJobRequest ?? null,
  });
}

/** Seed of the backoff jitter when `--seed` is not given. */
const DEFAULT_SEED = 1;

interface ExplainOptions extends OutputOptionValues {
  readonly policy?: string[];
  readonly seed?: number;
  readonly showEnvironment?: boolean;
}

/**
 * `batch-retry explain <inputs...> [--policy <file>]... [--seed n] [--output text|json] [--show-environment]`: for each event,
 * the classification with its evidence, the policy selected and why, the decision and why, and the
 * SubmitJob request that would be sent. The decision is the one for a first failure (no lineage yet),
 * judged at the event's own time. Environment values in the request are masked unless
 * `--show-environment`.
 */
export function registerExplainCommand(program: Command, io: CliIo): void {
  const command = program
    .command('explain')
    .description('show how an event would be classified and decided, and the SubmitJob request')
    .argument('<inputs...>', 'event files or folders, - for stdin (JSON, JSON lines, logs export, gzip)')
    .addOption(policyOption('policy file to select from, as deployed to SSM'))
    .addOption(seedOption('seed for the backoff jitter', String(DEFAULT_SEED)))
    .option(
      '--show-environment',
      'print the values of environment variables in the request (masked by default)',
    );
  for (const option of outputOptions('one JSON object per event, one per line')) command.addOption(option);
  command.action(
    commandAction(io, async (context, inputs: string[], options: ExplainOptions) => {
      const source = await loadPolicyFiles(options.policy ?? [], context, 'Nothing was explained.');
      const policies = await source.load();
      const json = outputFormat(options) === 'json';
      const events = new InputEvents(inputs, context);
      for await (const { source: input, job } of events) {
        const explained = explain(input, job, policies, options.seed ?? DEFAULT_SEED);
        const request = explained.submitJobRequest;
        const explanation =
          request === undefined || options.showEnvironment === true
            ? explained
            : { ...explained, submitJobRequest: maskEnvironment(request) };
        await context.out.write(json ? `${asJson(explanation)}\n` : render(explanation));
      }
      events.exitIfAnyUnusable('explained');
    }),
  );
}
