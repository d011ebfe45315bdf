import type { CommandContext } from '../kit/index.js';
import { loadPolicyFiles } from '../load-policies.js';
import { parseWorkload, runPolicy } from '../sim/index.js';
import { readSimulationInput } from './simulation-input.js';

/** Messages listed in the text report; `--output json` lists every one. */
const SHOWN_MESSAGES = 20;

/**
 * `batch-retry simulate --workload <file> --policy <file>`: runs a workload under the policies with
 * the real orchestrator, and reports what an operator and AWS would have seen: jobs succeeded and
 * lost, the messages that reached each alert channel after aggregation (with their headlines), and
 * the peak SubmitJob rate of the resubmit function.
 */
export async function simulateWorkload(
  context: CommandContext,
  file: string,
  policyFiles: readonly string[],
  options: { readonly seed?: number; readonly json: boolean },
): Promise<void> {
  const workload = await readSimulationInput(file, parseWorkload);
  const policies = await loadPolicyFiles([...policyFiles], context, 'Nothing was simulated.');
  const run = await runPolicy(workload, {
    policies,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  const m = run.metrics;
  if (options.json) {
    await context.out.line(
      JSON.stringify(
        {
          workload: workload.name,
          metrics: m,
          messages: run.alertMessages.map((message) => ({
            at: message.at,
            kind: message.kind,
            channels: message.channels,
            title: message.title,
            ...(message.digest === undefined ? {} : { digestCount: message.digest.count }),
          })),
          handlerErrors: run.handlerErrors,
          deadLettered: run.deadLettered,
        },
        null,
        2,
      ),
    );
    return;
  }
  const lines = [
    `Workload ${workload.name}: ${workload.jobs} jobs, seed ${options.seed ?? workload.seed ?? 1}, policies ${policyFiles.join(', ')}`,
    `jobs      ${m.succeeded} succeeded, ${m.recoverableLost} lost that could have succeeded, ${m.unrecoverable} no retry could save`,
    `SubmitJob ${m.submissions} calls, at most ${m.peakResubmitsPerSecond} resubmissions in one second`,
    `alerts    ${m.alerts} raised; messages sent after aggregation: SNS ${m.messages.sns}, Slack ${m.messages.slack}`,
  ];
  for (const message of run.alertMessages.slice(0, SHOWN_MESSAGES)) {
    lines.push(`  ${message.at}  ${message.channels.join('+').padEnd(9)}  ${message.title}`);
  }
  if (run.alertMessages.length > SHOWN_MESSAGES) {
    lines.push(`  ... ${run.alertMessages.length - SHOWN_MESSAGES} more (--output json lists them all)`);
  }
  if (run.handlerErrors > 0) {
    lines.push(
      `handler errors ${run.handlerErrors} (redelivered as SQS would; ${run.deadLettered} dead-lettered)`,
    );
  }
  await context.out.line(lines.join('\n'));
}
