import type { NormalisedJob } from '../events/index.js';

/** Links an operator opens from an alert, `explain` or `lineage`: the job, and its log stream. */
export interface ConsoleLinks {
  /** The job's page in the AWS Batch console. */
  readonly job: string;
  /** The decisive container's log stream in CloudWatch Logs, when the event names one. */
  readonly logs?: string;
}

/** Where a job's container wrote its logs. */
export interface LogLocation {
  readonly logStream: string;
  /** The `awslogs-group` of the job definition; absent for {@link DEFAULT_BATCH_LOG_GROUP}. */
  readonly logGroup?: string;
}

/** Where AWS Batch writes container logs unless the job definition sets `awslogs-group`. */
export const DEFAULT_BATCH_LOG_GROUP = '/aws/batch/job';

/** The console host of each AWS partition (the partition is the second field of an ARN). */
const CONSOLE_HOSTS: Readonly<Record<string, (region: string) => string>> = {
  aws: (region) => `${region}.console.aws.amazon.com`,
  'aws-cn': () => 'console.amazonaws.cn',
  'aws-us-gov': () => 'console.amazonaws-us-gov.com',
};

/**
 * The console links of a job, or undefined when neither the event envelope nor the job ARN says
 * which region it ran in (a bare job detail without `jobArn`).
 */
export function consoleLinks(job: NormalisedJob): ConsoleLinks | undefined {
  const arn = (job.jobArn ?? '').split(':');
  const region = job.event?.region ?? arn[3];
  if (region === undefined || region === '') return undefined;
  const log = logLocation(job);
  return jobConsoleLinks({
    jobId: job.jobId,
    region,
    ...(arn[1] === undefined || arn[1] === '' ? {} : { partition: arn[1] }),
    ...(log === undefined ? {} : log),
  });
}

/**
 * The console links of a job known only by its id and region (a lineage read from the ledger), with
 * its log stream when known. `partition` defaults to `aws`.
 */
export function jobConsoleLinks(args: {
  readonly jobId: string;
  readonly region: string;
  readonly partition?: string;
  readonly logStream?: string;
  readonly logGroup?: string;
}): ConsoleLinks {
  const { jobId, region } = args;
  const host = (CONSOLE_HOSTS[args.partition ?? 'aws'] ?? CONSOLE_HOSTS.aws)?.(region);
  const base = `https://${host}`;
  const links = { job: `${base}/batch/home?region=${region}#jobs/detail/${encodeURIComponent(jobId)}` };
  if (args.logStream === undefined) return links;
  return {
    ...links,
    logs:
      `${base}/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/` +
      `${consoleFragment(args.logGroup ?? DEFAULT_BATCH_LOG_GROUP)}/log-events/${consoleFragment(args.logStream)}`,
  };
}

/**
 * The log stream of the decisive container of the job's last attempt (else of the job's own
 * container) and its log group, or undefined when the event names no stream.
 */
export function logLocation(job: NormalisedJob): LogLocation | undefined {
  const last = job.attempts[job.attempts.length - 1];
  const decisive = last?.containers.find((c) => c.decisive) ?? last?.containers[0];
  const own = (job.detail.container as { logStreamName?: unknown } | undefined)?.logStreamName;
  const logStream = decisive?.logStreamName ?? (typeof own === 'string' ? own : undefined);
  if (logStream === undefined) return undefined;
  const logGroup = logGroupOf(job);
  return logGroup === DEFAULT_BATCH_LOG_GROUP ? { logStream } : { logStream, logGroup };
}

/** The `awslogs-group` of the job's log configuration, else {@link DEFAULT_BATCH_LOG_GROUP}. */
function logGroupOf(job: NormalisedJob): string {
  const container = job.detail.container as
    | { logConfiguration?: { logDriver?: unknown; options?: Record<string, unknown> } }
    | undefined;
  const group = container?.logConfiguration?.options?.['awslogs-group'];
  return typeof group === 'string' && group !== '' ? group : DEFAULT_BATCH_LOG_GROUP;
}

/**
 * A name as the CloudWatch console's `#logsV2:` fragment wants it: URL-encoded twice, with `%`
 * written as `$` (so `/aws/batch/job` reads `$252Faws$252Fbatch$252Fjob`).
 */
function consoleFragment(name: string): string {
  return encodeURIComponent(encodeURIComponent(name)).replaceAll('%', '$');
}
