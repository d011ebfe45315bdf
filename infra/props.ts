import { readFileSync } from 'node:fs';
import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DEFAULT_POLICY_NAME, formatProblem, parsePolicyDocument } from '#core/policy/index.js';
import { policyEnv } from '#functions/common/function-env.js';

/** Properties of {@link BatchRetryOrchestrator}. Set exactly one of `jobQueues` and `allJobQueues`. */
export interface BatchRetryOrchestratorProps {
  /**
   * The job queues whose failures are retried, as names or ARNs. Only their "Batch Job State
   * Change" events reach the product, reconcile sweeps only them, and SubmitJob is allowed only on
   * them (and on `fallbackJobQueues`).
   * @default none: set this or `allJobQueues`
   */
  readonly jobQueues?: readonly string[];
  /**
   * Watch every job queue of the account and region. SubmitJob is then allowed on every queue.
   * @default false
   */
  readonly allJobQueues?: boolean;
  /**
   * Queues that policies move jobs to (`fallback`) without being watched themselves: SubmitJob
   * is allowed on them. Names or ARNs.
   * @default none
   */
  readonly fallbackJobQueues?: readonly string[];
  /**
   * Job definitions (names, every revision) that may be resubmitted.
   * @default every job definition of the account and region
   */
  readonly jobDefinitions?: readonly string[];
  /**
   * SSM path holding one String parameter per policy; starts and ends with `/`.
   * @default '/batch-retry/policies/'
   */
  readonly policyPrefix?: string;
  /**
   * The policy stored as `<policyPrefix>default` (JSON text, docs/policy.md); it applies to every job
   * no other policy matches. Validated at synth. `null` stores none (no job is managed until a policy
   * is pushed with `batch-retry policy push`).
   * @default examples/policies/default.json: retry lost hosts up to 3 times, give up on the rest
   */
  readonly defaultPolicy?: string | null;
  /**
   * Email addresses subscribed to the alert topic (each must confirm the subscription).
   * @default none
   */
  readonly alertEmails?: readonly string[];
  /**
   * Name of the SSM SecureString holding the Slack incoming-webhook URL the notify function posts to.
   * The stack does not create it (CloudFormation cannot create SecureStrings): see docs/deploy.md.
   * @default none: no Slack
   */
  readonly slackWebhookParameterName?: string;
  /**
   * Most resubmit functions running at once (their reserved concurrency): the cap on the SubmitJob
   * rate, so a wave of retries never throttles the account's other Batch callers.
   * @default 5
   */
  readonly maxConcurrentResubmissions?: number;
  /**
   * How long the functions' logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * What happens to the ledger, the key, the topic and the log groups when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * How often the reconcile sweep looks for failures whose events never arrived; 1 minute to 1 day.
   * @default Duration.minutes(15)
   */
  readonly reconcileInterval?: Duration;
  /**
   * The EventBridge bus lineage events go to (`Batch Retry Lineage Resubmitted` and `... Closed`,
   * docs/workflows.md): `default`, a bus name, or a bus ARN. Workflow engines (Airflow, your own
   * rules) listen for them there.
   * @default none: no lineage events are published
   */
  readonly lineageEventBus?: string;
  /**
   * Run the functions with `--enable-source-maps`, so that stack traces in their logs name the
   * TypeScript files and lines. Node then loads each bundle's source map at start: about 13 MiB more
   * memory and 60 ms more cold start per container (docs/deploy.md). The maps ship either way.
   * @default false
   */
  readonly sourceMaps?: boolean;
}

/** The props with every default applied and every value checked. */
export interface ResolvedProps {
  /** Undefined: every queue. */
  readonly jobQueues: readonly string[] | undefined;
  readonly fallbackJobQueues: readonly string[];
  /** Undefined: every job definition. */
  readonly jobDefinitions: readonly string[] | undefined;
  readonly policyPrefix: string;
  readonly defaultPolicy: string | undefined;
  readonly alertEmails: readonly string[];
  readonly slackWebhookParameterName: string | undefined;
  readonly maxConcurrentResubmissions: number;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  readonly reconcileInterval: Duration;
  readonly lineageEventBus: string | undefined;
  readonly sourceMaps: boolean;
}

/** A prop that cannot work, named in the message so that `cdk synth` says which one to fix. */
export class InvalidPropError extends Error {
  constructor(prop: string, problem: string) {
    super(`BatchRetryOrchestrator: prop "${prop}" ${problem}`);
    this.name = 'InvalidPropError';
  }
}

const DEFAULT_POLICY_FILE = new URL('../examples/policies/default.json', import.meta.url);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SSM_NAME = /^(\/[a-zA-Z0-9_.-]+)+$|^[a-zA-Z0-9_.-]+$/;
const QUEUE = /^(arn:aws[a-z-]*:batch:[a-z0-9-]+:\d{12}:job-queue\/)?[a-zA-Z0-9_-]{1,128}$/;
const DEFINITION = /^[a-zA-Z0-9_-]{1,128}$/;
const EVENT_BUS = /^(arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/)?[A-Za-z0-9._/-]{1,256}$/;

/** Applies the defaults of {@link BatchRetryOrchestratorProps} and checks every value. */
export function resolveProps(props: BatchRetryOrchestratorProps): ResolvedProps {
  const every = props.allJobQueues ?? false;
  if (every && props.jobQueues !== undefined) {
    throw new InvalidPropError('jobQueues', 'cannot be set together with allJobQueues: true; choose one');
  }
  if (!every && (props.jobQueues === undefined || props.jobQueues.length === 0)) {
    throw new InvalidPropError(
      'jobQueues',
      'is empty: name the job queues to watch, or set allJobQueues: true to watch every queue',
    );
  }
  const prefix = props.policyPrefix ?? policyEnv().POLICY_PREFIX.parse(undefined);
  const prefixCheck = policyEnv().POLICY_PREFIX.safeParse(prefix);
  if (!prefixCheck.success) {
    throw new InvalidPropError('policyPrefix', `is "${prefix}": it must start and end with "/"`);
  }
  return {
    jobQueues: every
      ? undefined
      : checkAll('jobQueues', props.jobQueues ?? [], QUEUE, 'a job queue name or ARN'),
    fallbackJobQueues: checkAll(
      'fallbackJobQueues',
      props.fallbackJobQueues ?? [],
      QUEUE,
      'a job queue name or ARN',
    ),
    jobDefinitions:
      props.jobDefinitions === undefined
        ? undefined
        : checkAll('jobDefinitions', props.jobDefinitions, DEFINITION, 'a job definition name (no revision)'),
    policyPrefix: prefix,
    defaultPolicy: checkPolicy(props.defaultPolicy),
    alertEmails: checkAll('alertEmails', props.alertEmails ?? [], EMAIL, 'an email address'),
    slackWebhookParameterName:
      props.slackWebhookParameterName === undefined
        ? undefined
        : checkAll(
            'slackWebhookParameterName',
            [props.slackWebhookParameterName],
            SSM_NAME,
            'an SSM parameter name',
          )[0],
    maxConcurrentResubmissions: checkInteger(
      'maxConcurrentResubmissions',
      props.maxConcurrentResubmissions ?? 5,
      1,
      1000,
    ),
    logRetention: props.logRetention ?? RetentionDays.ONE_MONTH,
    removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    reconcileInterval: checkInterval(props.reconcileInterval ?? Duration.minutes(15)),
    lineageEventBus:
      props.lineageEventBus === undefined
        ? undefined
        : checkAll('lineageEventBus', [props.lineageEventBus], EVENT_BUS, 'an event bus name or ARN')[0],
    sourceMaps: props.sourceMaps ?? false,
  };
}

function checkAll(prop: string, values: readonly string[], pattern: RegExp, what: string): readonly string[] {
  for (const value of values) {
    if (!Token.isUnresolved(value) && !pattern.test(value)) {
      throw new InvalidPropError(prop, `holds "${value}", which is not ${what}`);
    }
  }
  return values;
}

function checkInteger(prop: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidPropError(prop, `is ${value}: it must be a whole number from ${min} to ${max}`);
  }
  return value;
}

function checkInterval(interval: Duration): Duration {
  const minutes = interval.toMinutes({ integral: false });
  if (minutes < 1 || minutes > 24 * 60 || !Number.isInteger(minutes)) {
    throw new InvalidPropError(
      'reconcileInterval',
      `is ${interval.toHumanString()}: it must be whole minutes from 1 minute to 1 day`,
    );
  }
  return interval;
}

function checkPolicy(document: string | null | undefined): string | undefined {
  if (document === null) return undefined;
  const text = document ?? readFileSync(DEFAULT_POLICY_FILE, 'utf8');
  const parsed = parsePolicyDocument(text, 'defaultPolicy');
  if (!parsed.ok) {
    throw new InvalidPropError(
      'defaultPolicy',
      `is not a valid policy: ${parsed.problems.map((problem) => formatProblem('defaultPolicy', problem)).join('; ')}`,
    );
  }
  if (parsed.policy.name !== DEFAULT_POLICY_NAME) {
    throw new InvalidPropError(
      'defaultPolicy',
      `is named "${parsed.policy.name}": its "name" must be "${DEFAULT_POLICY_NAME}"`,
    );
  }
  return text;
}
