/** Hosts an incoming-webhook URL may point at (commercial Slack, and Slack for GovSlack). */
export const SLACK_WEBHOOK_HOSTS: readonly string[] = ['hooks.slack.com', 'hooks.slack-gov.com'];

/** Why a webhook URL cannot be used. The message never contains the URL, which is a secret. */
export class WebhookUrlError extends Error {
  override readonly name = 'WebhookUrlError';
}

/**
 * Checks a webhook URL read from its SecureString parameter: a URL, over https (plain http only for
 * a stand-in on 127.0.0.1 that `allowedHosts` names), on an allowed host, with a path. The error
 * names the parameter and the problem, never the value.
 */
export function parseWebhookUrl(
  value: string | undefined,
  parameter: string,
  allowedHosts: readonly string[] = SLACK_WEBHOOK_HOSTS,
): URL {
  if (value === undefined || value.trim() === '') {
    throw new WebhookUrlError(`SSM parameter ${parameter} is missing or empty`);
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new WebhookUrlError(`SSM parameter ${parameter} does not hold a URL`);
  }
  const local = url.hostname === '127.0.0.1' && url.protocol === 'http:';
  if (url.protocol !== 'https:' && !local) {
    throw new WebhookUrlError(
      `SSM parameter ${parameter} holds a ${url.protocol.replace(':', '')} URL; Slack webhooks are https`,
    );
  }
  const host = url.port === '' ? url.hostname : `${url.hostname}:${url.port}`;
  if (!allowedHosts.includes(url.hostname) && !allowedHosts.includes(host)) {
    throw new WebhookUrlError(
      `SSM parameter ${parameter} points at host ${url.hostname}, not a Slack webhook host (${allowedHosts.join(', ')})`,
    );
  }
  if (url.pathname === '/' || url.pathname === '') {
    throw new WebhookUrlError(`SSM parameter ${parameter} holds a URL without the webhook's path`);
  }
  return url;
}
