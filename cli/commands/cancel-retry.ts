import { type Command, Option } from 'commander';
import {
  type AwsOptionValues,
  awsFailure,
  type CliIo,
  type CommandContext,
  commandAction,
  confirmChange,
  type OutputOptionValues,
  outputFormat,
} from '../kit/index.js';
import { openLedger, operatorStep, regional } from './ledger-access.js';
import { addLineageChangeOptions } from './lineage-change.js';
import { commandLog, whoAmI } from './operator-identity.js';

interface CancelOptions extends AwsOptionValues, OutputOptionValues {
  readonly table?: string;
  readonly reason?: string;
  readonly eventBus?: string;
  readonly yes?: boolean;
}

/**
 * `batch-retry cancel-retry <jobId>`: the scheduled retry of a lineage is not submitted; the lineage
 * closes as CANCELLED with who and why, and that is announced: a lineage event (with `--event-bus`),
 * and BatchRetry.Cancelled to every Step Functions task waiting on it.
 */
export function registerCancelRetryCommand(program: Command, io: CliIo): void {
  const command = program
    .command('cancel-retry')
    .description('stop the scheduled retry of a lineage: it closes as CANCELLED with who and why')
    .argument('<jobId>', 'any job id of the lineage')
    .addOption(
      new Option('--event-bus <name>', 'the EventBridge bus the lineage event goes to').default(
        undefined,
        '$BATCH_RETRY_EVENT_BUS, else none',
      ),
    );
  addLineageChangeOptions(command, 'the cancelled lineage, as one object');
  command.addHelpText(
    'after',
    '\nNeeds dynamodb:GetItem, UpdateItem, Query and DeleteItem on the table, states:SendTaskFailure for waiting\n' +
      'tasks, events:PutEvents on the bus, and batch:DescribeJobs to find the lineage of a resubmitted job.',
  );
  command.action(commandAction(io, cancel));
}

async function cancel(context: CommandContext, jobId: string, options: CancelOptions): Promise<void> {
  const access = await openLedger(options);
  const aws = regional(access.aws);
  const [operate, batchAws, sfnAws, eventsAws, dynamoAws] = await Promise.all([
    import('#core/operate/index.js'),
    import('#adapters/aws/batch/index.js'),
    import('#adapters/aws/sfn/index.js'),
    import('#adapters/aws/eventbridge/index.js'),
    import('#adapters/aws/dynamodb/index.js'),
  ]);
  const bus = options.eventBus ?? process.env.BATCH_RETRY_EVENT_BUS;
  const batch = batchAws.createBatchClient(aws);
  const sfn = sfnAws.createSfnClient(aws);
  const events = bus === undefined || bus === '' ? undefined : eventsAws.createEventBridgeClient(aws);
  try {
    const by = await whoAmI(access);
    const deps = {
      ledger: access.ledger,
      operator: access.operator,
      jobs: batchAws.createBatchJobLookup(batch),
      clock: { now: () => Date.now() },
      log: commandLog(context),
      waiters: {
        store: dynamoAws.createDynamoDbWaiters({ client: access.dynamoDb, tableName: access.table }),
        tasks: sfnAws.createSfnTaskTokens(sfn),
      },
      ...(events === undefined || bus === undefined
        ? {}
        : { events: eventsAws.createEventBridgeLineageEvents(events, bus) }),
    };
    const request = { jobId, by, reason: options.reason ?? '' };
    const step = <T>(run: () => Promise<T>) =>
      operatorStep(`job ${jobId}`, `DynamoDB table ${access.table}`, run);
    const plan = await step(() => operate.planCancel(request, deps));
    await confirmChange(context, operate.describeCancelPlan(plan), options.yes);
    const done = await step(() => operate.carryOutCancel(plan, request, deps));
    const root = done.lineage.rootJobId;
    if (outputFormat(options) === 'json') {
      await context.out.write(`${JSON.stringify({ rootJobId: root, status: done.lineage.status, by })}\n`);
    } else {
      await context.out.write(
        `Lineage ${root} is CANCELLED by ${by}: the retry of job ${plan.scheduled.failedJobId} will not be submitted.\n`,
      );
    }
    if (bus === undefined || bus === '') {
      context.report.say('no lineage event was published (no --event-bus, no BATCH_RETRY_EVENT_BUS)');
    }
    if (done.notAnnounced !== undefined) {
      throw awsFailure(
        `lineage ${root}`,
        `the cancel is recorded, but waiting workflows were not all told: ${done.notAnnounced.message}`,
      );
    }
  } finally {
    batch.destroy();
    sfn.destroy();
    events?.destroy();
    access.close();
  }
}
