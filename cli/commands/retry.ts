import type { Command } from 'commander';
import {
  type AwsOptionValues,
  type CliIo,
  type CommandContext,
  commandAction,
  confirmChange,
  type OutputOptionValues,
  outputFormat,
  unusableInput,
} from '../kit/index.js';
import { openLedger, operatorStep, regional } from './ledger-access.js';
import { addLineageChangeOptions } from './lineage-change.js';
import { whoAmI } from './operator-identity.js';

interface RetryOptions extends AwsOptionValues, OutputOptionValues {
  readonly table?: string;
  readonly now?: boolean;
  readonly reason?: string;
  readonly retriesQueueUrl?: string;
  readonly yes?: boolean;
}

/**
 * `batch-retry retry <jobId> [--now]`: one more attempt for a lineage that gave up or was cancelled
 * (or, with `--now`, its scheduled retry brought forward), recorded in the ledger as the caller's
 * decision within the hard limits, and handed to the resubmit function through the retries queue.
 */
export function registerRetryCommand(program: Command, io: CliIo): void {
  const command = program
    .command('retry')
    .description('ask for one more attempt of a lineage that gave up, or submit its scheduled retry now')
    .argument('<jobId>', 'any job id of the lineage')
    .option('--now', 'bring a retry that is already scheduled forward to now')
    .option('--retries-queue-url <url>', 'URL of the retries queue the resubmit function reads');
  addLineageChangeOptions(command, 'what was recorded, as one object');
  command.addHelpText(
    'after',
    '\nThe retries queue defaults to $BATCH_RETRY_RETRIES_QUEUE_URL. Needs dynamodb:GetItem and UpdateItem on the\n' +
      'table, sqs:SendMessage on the queue, and batch:DescribeJobs when the job was given up on at once.',
  );
  command.action(commandAction(io, retry));
}

async function retry(context: CommandContext, jobId: string, options: RetryOptions): Promise<void> {
  const queueUrl = options.retriesQueueUrl ?? process.env.BATCH_RETRY_RETRIES_QUEUE_URL;
  if (queueUrl === undefined || queueUrl === '') {
    throw unusableInput(
      '--retries-queue-url',
      'is needed to hand the retry to the resubmit function: give the URL of the retries queue (an output of the stack) or set BATCH_RETRY_RETRIES_QUEUE_URL',
    );
  }
  const access = await openLedger(options);
  const [operate, batchAws, sqsAws] = await Promise.all([
    import('#core/operate/index.js'),
    import('#adapters/aws/batch/index.js'),
    import('#adapters/aws/sqs/index.js'),
  ]);
  const batch = batchAws.createBatchClient(regional(access.aws));
  const sqs = sqsAws.createSqsClient(regional(access.aws));
  try {
    const by = await whoAmI(access);
    const deps = {
      ledger: access.ledger,
      operator: access.operator,
      jobs: batchAws.createBatchJobLookup(batch),
      retries: sqsAws.createSqsDelayQueue<import('#core/orchestrator/index.js').RetryMessage>(sqs, queueUrl),
      clock: { now: () => Date.now() },
    };
    const request = { jobId, now: options.now === true, by, reason: options.reason ?? '' };
    const step = <T>(run: () => Promise<T>) =>
      operatorStep(`job ${jobId}`, `DynamoDB table ${access.table}`, run);
    const plan = await step(() => operate.planRetry(request, deps));
    await confirmChange(context, operate.describeRetryPlan(plan), options.yes);
    const done = await step(() => operate.carryOutRetry(plan, request, deps));
    const { rootJobId, failedJobId, dueAt } = done.message;
    if (outputFormat(options) === 'json') {
      await context.out.write(
        `${JSON.stringify({ rootJobId, failedJobId, dueAt, by, status: done.lineage.status })}\n`,
      );
      return;
    }
    await context.out.write(
      `Recorded as ${by}'s decision: job ${failedJobId} is retried now; the resubmit function submits it within a ` +
        `minute unless a pause holds its queue.\nFollow it: batch-retry lineage wait ${rootJobId}\n`,
    );
  } finally {
    batch.destroy();
    sqs.destroy();
    access.close();
  }
}
