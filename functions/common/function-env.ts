import * as z from 'zod';
import { builtOnFirstUse } from '#core/compiled-schema.js';
import { OrchestratorError } from '#core/errors.js';

/** Variables every function that touches the ledger reads. */
export const ledgerEnv = builtOnFirstUse(() => ({
  /** DynamoDB table holding the retry ledger. */
  LEDGER_TABLE: z.string().min(3),
  /** How many days a closed lineage stays in the ledger before DynamoDB TTL removes it. */
  LEDGER_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
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
  LINEAGE_EVENT_BUS: z.string().min(1).optional(),
}));

/** How long the resubmit function keeps the pauses (`batch-retry pause`) before reading them again. */
export const pauseEnv = builtOnFirstUse(() => ({
  /** Seconds; a pause or resume takes effect within this. One Query per period per container. */
  PAUSE_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
}));

/** The receive limit of the queue that triggers the function (its DLQ's maxReceiveCount), set by the stack. */
export const triggerQueueEnv = builtOnFirstUse(() => ({
  MAX_RECEIVE_COUNT: z.coerce.number().int().min(1).max(1000).optional(),
}));

/** Where alerts go: the SNS topic (unset: one log line per alert, for local runs). */
export const alertEnv = builtOnFirstUse(() => ({
  ALERT_TOPIC_ARN: z.string().startsWith('arn:', 'must be an SNS topic ARN').optional(),
  /** What https subscribers of the topic receive: AWS Chatbot's format, or the alert message. */
  ALERT_HTTPS_FORMAT: z.enum(['chatbot', 'alert-json']).default('chatbot'),
}));

/** The notify function's Slack webhook. */
export const notifyEnv = builtOnFirstUse(() => ({
  /** Name of the SSM SecureString holding the incoming-webhook URL; unset: no Slack. */
  SLACK_WEBHOOK_PARAMETER: z.string().min(1).optional(),
  /** Hosts the webhook URL may point at, comma separated (a proxy, or a test stand-in on 127.0.0.1). */
  SLACK_WEBHOOK_HOSTS: z
    .string()
    .transform((hosts) =>
      hosts
        .split(',')
        .map((h) => h.trim())
        .filter((h) => h !== ''),
    )
    .optional(),
}));

/** What the reconcile sweep watches and how far one sweep goes. */
export const reconcileEnv = builtOnFirstUse(() => ({
  /** URL of the events queue decide reads; missing failures are sent there. */
  EVENTS_QUEUE_URL: z.url(),
  /** Comma-separated job queue names or ARNs to sweep; `*` sweeps every queue of the account and region. */
  JOB_QUEUES: z
    .string()
    .min(1)
    .transform((list): readonly string[] | 'all' =>
      list.trim() === '*'
        ? 'all'
        : list
            .split(',')
            .map((queue) => queue.trim())
            .filter((queue) => queue !== ''),
    ),
  /** Most failed jobs one sweep checks (DescribeJobs plus a ledger read each). */
  RECONCILE_MAX_JOBS: z.coerce.number().int().min(1).max(10_000).default(500),
  /** Most ListJobs pages (100 jobs each) one sweep reads per queue. */
  RECONCILE_MAX_PAGES: z.coerce.number().int().min(1).max(1000).default(50),
  /** Failures younger than this many seconds wait for the next sweep (their event may be on its way). */
  RECONCILE_SETTLE_SECONDS: z.coerce.number().int().min(0).max(3600).default(300),
}));

/** Where policies live in SSM Parameter Store, and how long a container keeps them. */
export const policyEnv = builtOnFirstUse(() => ({
  /** SSM path under which each policy is one String parameter. */
  POLICY_PREFIX: z
    .string()
    .regex(/^\/.*\/$/, 'must start and end with "/"')
    .default('/batch-retry/policies/'),
  /** How long a Lambda keeps policies before reading SSM again, in seconds. */
  POLICY_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
}));

/**
 * Reads and validates the variables `shape` names, once at start. A missing or bad value fails the
 * cold start loudly with every bad variable's name, instead of failing each record later.
 */
export function readFunctionEnv<S extends z.ZodRawShape>(
  shape: S,
  env: Readonly<Record<string, string | undefined>>,
): z.infer<z.ZodObject<S>> {
  const parsed = z.object(shape).safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new OrchestratorError(`the function's environment is not usable: ${problems}`, { transient: false });
}
