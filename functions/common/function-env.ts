import { z } from 'zod';
import { OrchestratorError } from '#core/errors.js';

/**
 * The environment every Lambda function of the orchestrator reads once at start. A missing or bad
 * value fails the cold start loudly with the variable's name, instead of failing each record later.
 */
const functionEnvSchema = z.object({
  /** DynamoDB table holding the retry ledger. */
  LEDGER_TABLE: z.string().min(3),
  /** URL of the SQS retries queue (the delay queue between decide and resubmit). */
  RETRIES_QUEUE_URL: z.url(),
  /** SSM path under which each policy is one String parameter. */
  POLICY_PREFIX: z
    .string()
    .regex(/^\/.*\/$/, 'must start and end with "/"')
    .default('/batch-retry/policies/'),
  /** How long a Lambda keeps policies before reading SSM again, in seconds. */
  POLICY_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  /** How many days a closed lineage stays in the ledger before DynamoDB TTL removes it. */
  LEDGER_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
});

export type FunctionEnv = z.infer<typeof functionEnvSchema>;

/** Reads and validates the function environment; throws a permanent error naming every bad variable. */
export function readFunctionEnv(env: Readonly<Record<string, string | undefined>>): FunctionEnv {
  const parsed = functionEnvSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new OrchestratorError(`the function's environment is not usable: ${problems}`, { transient: false });
}
