import { type Command, Option } from 'commander';
import type { FailureClass } from '#core/classify/index.js';
import type { AlertPort } from '#core/ports/index.js';
import {
  type AwsOptionValues,
  awsFailure,
  awsOptions,
  type CliIo,
  type CommandContext,
  commandAction,
  confirmChange,
  parseMoment,
  yesOption,
} from '../kit/index.js';
import { type LedgerAccess, openLedger, operatorStep, tableOption } from './ledger-access.js';
import { whoAmI } from './operator-identity.js';
import { classOption, queueOption, reasonOption } from './operator-options.js';

interface PauseOptions extends AwsOptionValues {
  readonly table?: string;
  readonly queue: string;
  readonly class?: FailureClass;
  readonly until?: string;
  readonly reason?: string;
  readonly yes?: boolean;
  readonly alertTopic?: string;
}

const PAUSE_HELP =
  '\nNeeds dynamodb:PutItem, DeleteItem and Query on the table and kms:Decrypt, Encrypt, GenerateDataKey on the\n' +
  "stack's key; with --alert-topic, sns:Publish on the topic. The resubmit function sees a change within its\n" +
  'pause cache (PAUSE_CACHE_SECONDS, 60 s by default).';

/** `--alert-topic <arn>`: where the RETRIES_PAUSED and RETRIES_RESUMED alerts go (the stack's topic). */
function alertTopicOption(): Option {
  return new Option(
    '--alert-topic <arn>',
    'SNS topic the alert goes to, so email and Slack hear of it (the stack output AlertTopicArn)',
  ).default(undefined, '$BATCH_RETRY_ALERT_TOPIC_ARN, else the alert is only printed');
}

/**
 * `batch-retry pause --queue q`: holds the retries batch-retry would submit to a queue (optionally
 * for one failure class), as an open breaker does, until a time or until resumed. Raises an alert
 * saying who and why.
 */
export function registerPauseCommand(program: Command, io: CliIo): void {
  const command = program
    .command('pause')
    .description('hold the retries to a job queue, as an open breaker does, until a time or until resumed')
    .addOption(queueOption('job queue whose retries are held (name or ARN)'))
    .addOption(classOption('hold only retries of failures of this class'))
    .option('--until <when>', 'when the hold ends: a duration from now (2h) or an ISO-8601 time')
    .addOption(reasonOption())
    .addOption(yesOption())
    .addOption(tableOption())
    .addOption(alertTopicOption());
  for (const option of awsOptions('DynamoDB')) command.addOption(option);
  command.addHelpText('after', PAUSE_HELP);
  command.action(commandAction(io, (context, options: PauseOptions) => change(context, options, 'pause')));
}

/** `batch-retry resume --queue q`: ends that hold, with an alert; held retries go out within 5 minutes. */
export function registerResumeCommand(program: Command, io: CliIo): void {
  const command = program
    .command('resume')
    .description('end a pause: held retries go out within 5 minutes')
    .addOption(queueOption('job queue to resume (name or ARN)'))
    .addOption(classOption('the class the pause named, if it named one'))
    .addOption(yesOption())
    .addOption(tableOption())
    .addOption(alertTopicOption());
  for (const option of awsOptions('DynamoDB')) command.addOption(option);
  command.addHelpText('after', PAUSE_HELP);
  command.action(commandAction(io, (context, options: PauseOptions) => change(context, options, 'resume')));
}

/**
 * The alert channel of a command: the alert said on stderr and, with `--alert-topic` (or
 * `$BATCH_RETRY_ALERT_TOPIC_ARN`), published to the stack's alert topic like the functions' alerts.
 */
async function commandAlerts(
  context: CommandContext,
  options: PauseOptions,
  access: LedgerAccess,
): Promise<AlertPort> {
  const topicArn = options.alertTopic ?? process.env.BATCH_RETRY_ALERT_TOPIC_ARN;
  const say: AlertPort = {
    publish: async (alert) => context.report.say(`alert ${alert.kind}: ${alert.title}`),
  };
  if (topicArn === undefined || topicArn === '') return say;
  const { createSnsAlertTopic, createSnsClient } = await import('#adapters/aws/sns/index.js');
  const topic = createSnsAlertTopic({
    client: createSnsClient({
      region: access.aws.region,
      ...(access.aws.profile === undefined ? {} : { profile: access.aws.profile }),
    }),
    topicArn,
  });
  return {
    async publish(alert) {
      await say.publish(alert);
      await topic.publish(alert);
    },
  };
}

async function change(
  context: CommandContext,
  options: PauseOptions,
  what: 'pause' | 'resume',
): Promise<void> {
  const until = options.until === undefined ? undefined : parseMoment('--until', options.until, Date.now());
  const access: LedgerAccess = await openLedger(options);
  const [operate, dynamoAws] = await Promise.all([
    import('#core/operate/index.js'),
    import('#adapters/aws/dynamodb/index.js'),
  ]);
  try {
    const by = await whoAmI(access);
    const deps = {
      pauses: dynamoAws.createDynamoDbPauses({ client: access.dynamoDb, tableName: access.table }),
      alerts: await commandAlerts(context, options, access),
      clock: { now: () => Date.now() },
    };
    const scope = {
      jobQueue: options.queue,
      ...(options.class === undefined ? {} : { failureClass: options.class }),
    };
    const step = <T>(run: () => Promise<T>) =>
      operatorStep(`--queue ${options.queue}`, `DynamoDB table ${access.table}`, run);
    const request = { ...scope, by, reason: options.reason ?? '', ...(until === undefined ? {} : { until }) };
    const done =
      what === 'pause'
        ? await confirmChange(context, operate.describePause(request), options.yes).then(() =>
            step(() => operate.pauseRetries(request, deps)),
          )
        : await confirmChange(context, `resume the retries to queue ${options.queue}`, options.yes).then(() =>
            step(() => operate.resumeRetries({ ...scope, by }, deps)),
          );
    const ends =
      done.pause.until === undefined ? 'until resumed' : `until ${new Date(done.pause.until).toISOString()}`;
    await context.out.write(
      what === 'pause'
        ? `Retries to queue ${done.pause.jobQueue} are held ${ends} (paused by ${by}).\n`
        : `Retries to queue ${done.pause.jobQueue} go out again (paused by ${done.pause.by}, resumed by ${by}).\n`,
    );
    if (done.notAlerted !== undefined) {
      throw awsFailure(
        `queue ${done.pause.jobQueue}`,
        `done, but the alert could not be raised: ${done.notAlerted.message}`,
      );
    }
  } finally {
    access.close();
  }
}
