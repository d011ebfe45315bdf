import { readFileSync } from 'node:fs';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type BatchRetryOrchestratorProps, InvalidPropError } from './props.js';

/**
 * The context values the app reads (`-c key=value`, or `context` in cdk.json); lists are
 * comma-separated. Each maps to the construct prop of the same meaning (docs/deploy.md).
 */
export interface AppContext {
  /** Name of the CloudFormation stack. @default 'BatchRetryOrchestrator' */
  readonly stackName?: string;
  readonly jobQueues?: string;
  /** `true` to watch every queue. */
  readonly allJobQueues?: string;
  readonly fallbackJobQueues?: string;
  readonly jobDefinitions?: string;
  readonly policyPrefix?: string;
  /** Path of a policy JSON file to store as the default policy, or `none`. */
  readonly defaultPolicyFile?: string;
  readonly alertEmail?: string;
  readonly slackWebhookParameter?: string;
  readonly maxConcurrentResubmissions?: string;
  /** Days, one of CloudWatch Logs' retention values (1, 3, 5, 7, 14, 30, 60, 90, ...). */
  readonly logRetentionDays?: string;
  /** `retain` or `destroy`. */
  readonly removalPolicy?: string;
  readonly reconcileIntervalMinutes?: string;
  /** `default`, a bus name or a bus ARN: where lineage events go. */
  readonly lineageEventBus?: string;
  /** `true` to run the functions with `--enable-source-maps`. */
  readonly sourceMaps?: string;
}

/** The queue watched when no queue is given, so that `cdk synth` works on a fresh clone; it matches nothing. */
export const PLACEHOLDER_QUEUE = 'example-job-queue';

/** The stack name, the construct props and the warnings for the operator, from context values. */
export function propsFromContext(get: (key: keyof AppContext) => string | undefined): {
  stackName: string;
  props: BatchRetryOrchestratorProps;
  warnings: string[];
} {
  const list = (key: keyof AppContext) => {
    const value = get(key);
    return value === undefined
      ? undefined
      : value
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item !== '');
  };
  const number = (key: keyof AppContext, prop: string) => {
    const value = get(key);
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isFinite(parsed))
      throw new InvalidPropError(prop, `(context ${key}) is "${value}", not a number`);
    return parsed;
  };
  const warnings: string[] = [];
  const every = get('allJobQueues') === 'true';
  let jobQueues = list('jobQueues');
  if (!every && jobQueues === undefined) {
    jobQueues = [PLACEHOLDER_QUEUE];
    warnings.push(
      `No job queue was given, so the stack watches "${PLACEHOLDER_QUEUE}", which matches nothing: ` +
        'deploy with -c jobQueues=queue-a,queue-b (or -c allJobQueues=true).',
    );
  }
  const retention = number('logRetentionDays', 'logRetention');
  if (retention !== undefined && !Object.values(RetentionDays).includes(retention)) {
    throw new InvalidPropError(
      'logRetention',
      `(context logRetentionDays) is ${retention}, not a CloudWatch Logs retention`,
    );
  }
  const removal = get('removalPolicy');
  if (removal !== undefined && removal !== 'retain' && removal !== 'destroy') {
    throw new InvalidPropError(
      'removalPolicy',
      `(context removalPolicy) is "${removal}": use retain or destroy`,
    );
  }
  const policyFile = get('defaultPolicyFile');
  const interval = number('reconcileIntervalMinutes', 'reconcileInterval');
  const concurrency = number('maxConcurrentResubmissions', 'maxConcurrentResubmissions');
  const optional = <K extends keyof BatchRetryOrchestratorProps>(
    key: K,
    value: BatchRetryOrchestratorProps[K] | undefined,
  ) => (value === undefined ? {} : { [key]: value });
  return {
    stackName: get('stackName') ?? 'BatchRetryOrchestrator',
    warnings,
    props: {
      ...(every ? { allJobQueues: true } : optional('jobQueues', jobQueues)),
      ...optional('fallbackJobQueues', list('fallbackJobQueues')),
      ...optional('jobDefinitions', list('jobDefinitions')),
      ...optional('policyPrefix', get('policyPrefix')),
      ...optional('alertEmails', list('alertEmail')),
      ...optional('slackWebhookParameterName', get('slackWebhookParameter')),
      ...optional('maxConcurrentResubmissions', concurrency),
      ...optional('logRetention', retention as RetentionDays | undefined),
      ...optional(
        'removalPolicy',
        removal === undefined
          ? undefined
          : removal === 'destroy'
            ? RemovalPolicy.DESTROY
            : RemovalPolicy.RETAIN,
      ),
      ...optional('reconcileInterval', interval === undefined ? undefined : Duration.minutes(interval)),
      ...optional('lineageEventBus', get('lineageEventBus')),
      ...(get('sourceMaps') === 'true' ? { sourceMaps: true } : {}),
      ...(policyFile === undefined
        ? {}
        : { defaultPolicy: policyFile === 'none' ? null : readPolicyFile(policyFile) }),
    },
  };
}

function readPolicyFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new InvalidPropError(
      'defaultPolicy',
      `(context defaultPolicyFile) cannot be read from ${path}: ${(error as Error).message}`,
    );
  }
}
