import * as z from 'zod/mini';
import { builtOnFirstUse } from '#core/compiled-schema.js';
import { OrchestratorError } from '#core/errors.js';
import { plainIssueMessage } from '#core/issue-words.js';

/** A whole number from `min` to `max`, `fallback` when the variable is unset. */
const wholeNumber = (min: number, max: number, fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max)), fallback);

/** Comma-separated entries, trimmed, empty ones dropped. */
const entries = (list: string) =>
  list
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');

/** Variables every function that touches the ledger reads. */
export const ledgerEnv = builtOnFirstUse(() => ({
  /** DynamoDB table holding the retry ledger. */
  LEDGER_TABLE: z.string().check(z.minLength(3)),
  /** How many days a closed lineage stays in the ledger before DynamoDB TTL removes it. */
  LEDGER_TTL_DAYS: wholeNumber(1, 3650, 30),
}));

/** The SQS retries queue (the delay queue between decide and resubmit). */
export const retriesQueueEnv = builtOnFirstUse(() => ({
  RETRIES_QUEUE_URL: z.url(),
}));

/**
 * The EventBridge bus lineage events go to (a name, or an ARN for another account's bus). Unset:
 * no lineage event is published, and no PutEvents request is made.
 */
export const lineageEventsEnv = builtOnFirstUse(() => ({
  LINEAGE_EVENT_BUS: z.optional(z.string().check(z.minLength(1))),
}));

/** How long the resubmit function keeps the pauses (`batch-retry pause`) before reading them again. */
export const pauseEnv = builtOnFirstUse(() => ({
  /** Seconds; a pause or resume takes effect within this. One Query per period per container. */
  PAUSE_CACHE_SECONDS: wholeNumber(0, 3600, 60),
}));

/** The receive limit of the queue that triggers the function (its DLQ's maxReceiveCount), set by the stack. */
export const triggerQueueEnv = builtOnFirstUse(() => ({
  MAX_RECEIVE_COUNT: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1000))),
}));

/** Where alerts go: the SNS topic (unset: one log line per alert, for local runs). */
export const alertEnv = builtOnFirstUse(() => ({
  ALERT_TOPIC_ARN: z.optional(z.string().check(z.startsWith('arn:', 'must be an SNS topic ARN'))),
  /** What https subscribers of the topic receive: AWS Chatbot's format, or the alert message. */
  ALERT_HTTPS_FORMAT: z._default(z.enum(['chatbot', 'alert-json']), 'chatbot'),
}));

/** The notify function's Slack webhook. */
export const notifyEnv = builtOnFirstUse(() => ({
  /** Name of the SSM SecureString holding the incoming-webhook URL; unset: no Slack. */
  SLACK_WEBHOOK_PARAMETER: z.optional(z.string().check(z.minLength(1))),
  /** Hosts the webhook URL may point at, comma separated (a proxy, or a test stand-in on 127.0.0.1). */
  SLACK_WEBHOOK_HOSTS: z.optional(z.pipe(z.string(), z.transform(entries))),
}));

/** What the reconcile sweep watches and how far one sweep goes. */
export const reconcileEnv = builtOnFirstUse(() => ({
  /** URL of the events queue decide reads; missing failures are sent there. */
  EVENTS_QUEUE_URL: z.url(),
  /** Comma-separated job queue names or ARNs to sweep; `*` sweeps every queue of the account and region. */
  JOB_QUEUES: z.pipe(
    z.string().check(z.minLength(1)),
    z.transform((list: string): readonly string[] | 'all' => (list.trim() === '*' ? 'all' : entries(list))),
  ),
  /** Most failed jobs one sweep checks (DescribeJobs plus a ledger read each). */
  RECONCILE_MAX_JOBS: wholeNumber(1, 10_000, 500),
  /** Most ListJobs pages (100 jobs each) one sweep reads per queue. */
  RECONCILE_MAX_PAGES: wholeNumber(1, 1000, 50),
  /** Failures younger than this many seconds wait for the next sweep (their event may be on its way). */
  RECONCILE_SETTLE_SECONDS: wholeNumber(0, 3600, 300),
}));

/** Where policies live in SSM Parameter Store, and how long a container keeps them. */
export const policyEnv = builtOnFirstUse(() => ({
  /** SSM path under which each policy is one String parameter. */
  POLICY_PREFIX: z._default(
    z.string().check(z.regex(/^\/.*\/$/, 'must start and end with "/"')),
    '/batch-retry/policies/',
  ),
  /** How long a Lambda keeps policies before reading SSM again, in seconds. */
  POLICY_CACHE_SECONDS: wholeNumber(0, 3600, 60),
}));

/**
 * Reads and validates the variables `shape` names, once at start. A missing or bad value fails the
 * cold start loudly with every bad variable's name, instead of failing each record later. The
 * shapes are zod/mini schemas: building and running them at import costs a few ms where zod's
 * classic schemas cost about 20 (docs/performance.md, figure 3); the messages are plain words, not
 * zod's (`is not set`, `must be at least 1`).
 */
export function readFunctionEnv<S extends z.core.$ZodShape>(
  shape: S,
  env: Readonly<Record<string, string | undefined>>,
): z.infer<z.ZodMiniObject<S>> {
  const parsed = z.object(shape).safeParse(env, { error: envIssueWords });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new OrchestratorError(`the function's environment is not usable: ${problems}`, { transient: false });
}

function envIssueWords(issue: z.core.$ZodRawIssue): string {
  if (issue.input === undefined) return 'is not set';
  if (issue.code === 'invalid_format' && issue.format === 'url') return 'must be a URL';
  return plainIssueMessage(issue);
}
