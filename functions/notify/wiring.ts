import { createSecureStringReader, createSsmClient } from '#adapters/aws/ssm/index.js';
import { parseWebhookUrl, SLACK_WEBHOOK_HOSTS, SlackWebhook } from '#adapters/slack/index.js';
import { notifyEnv, readFunctionEnv } from '../common/function-env.js';

/**
 * The notify function's Slack webhook: its URL read from the SecureString parameter
 * `SLACK_WEBHOOK_PARAMETER` (decrypted, cached 5 minutes per container, checked before each use).
 * Undefined when no parameter is configured.
 */
export function wireSlack(remainingMs: () => number): SlackWebhook | undefined {
  const env = readFunctionEnv(notifyEnv(), process.env);
  const parameter = env.SLACK_WEBHOOK_PARAMETER;
  if (parameter === undefined) return undefined;
  const read = createSecureStringReader({ client: createSsmClient(), name: parameter });
  const hosts = env.SLACK_WEBHOOK_HOSTS ?? SLACK_WEBHOOK_HOSTS;
  return new SlackWebhook({ url: async () => parseWebhookUrl(await read(), parameter, hosts), remainingMs });
}
