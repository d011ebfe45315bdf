import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  parseWebhookUrl,
  SlackRejectedError,
  SlackUnavailableError,
  SlackWebhook,
  WebhookUrlError,
} from '#adapters/slack/index.js';
import { type SlackStandIn, startSlackStandIn } from '../../../helpers/slack-stand-in.js';

const MESSAGE = { text: 'GAVE_UP: Gave up on Batch job nightly', blocks: [] };

let slack: SlackStandIn;
let waits: number[];

beforeEach(async () => {
  slack = await startSlackStandIn();
  waits = [];
});

afterEach(async () => {
  await slack.close();
});

function webhook(options: Partial<ConstructorParameters<typeof SlackWebhook>[0]> = {}): SlackWebhook {
  return new SlackWebhook({
    url: async () => new URL(slack.url),
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    ...options,
  });
}

describe('posting to a Slack incoming webhook', () => {
  it('posts the message as JSON', async () => {
    await expect(webhook().post(MESSAGE)).resolves.toEqual({ attempts: 1 });

    expect(slack.received).toEqual([MESSAGE]);
  });

  it("waits as long as Slack's Retry-After says on a 429, then posts", async () => {
    slack.answer({ status: 429, headers: { 'retry-after': '3' }, body: 'rate_limited' });

    await expect(webhook().post(MESSAGE)).resolves.toEqual({ attempts: 2 });

    expect(waits).toEqual([3000]);
  });

  it('backs off with jitter after a 5xx or a timeout, and gives up after the last attempt naming the last problem', async () => {
    slack.answer({ status: 503 }, { status: 200, delayMs: 500 }, { status: 500 }, { status: 502 });

    const error = await webhook({ timeoutMs: 100 })
      .post(MESSAGE)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SlackUnavailableError);
    expect((error as Error).message).toBe('Slack did not take the message after 4 attempts (last: HTTP 502)');
    expect(waits).toEqual([250, 500, 1000]);
  });

  it('stops at once when Slack refuses the webhook (revoked: 404, 403, 400), with the status', async () => {
    slack.answer({ status: 404, body: 'no_team' });

    const error = await webhook()
      .post(MESSAGE)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SlackRejectedError);
    expect((error as SlackRejectedError).status).toBe(404);
    expect(slack.received).toHaveLength(1);
  });

  it('starts no wait that the invocation has no time left for', async () => {
    slack.answer({ status: 503 });

    const error = await webhook({ remainingMs: () => 2_000 })
      .post(MESSAGE)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SlackUnavailableError);
    expect(waits).toEqual([]);
  });

  it('never puts the webhook URL or its secret in an error', async () => {
    slack.answer({ status: 410, body: 'invalid_token' }, { status: 500 });
    const rejected = await webhook()
      .post(MESSAGE)
      .catch((e: unknown) => e);
    await slack.close();
    const unreachable = await webhook({ maxAttempts: 2 })
      .post(MESSAGE)
      .catch((e: unknown) => e);

    for (const error of [rejected, unreachable]) {
      expect(String(error)).not.toContain(slack.secret);
      expect(JSON.stringify(error)).not.toContain(slack.secret);
    }
    slack = await startSlackStandIn();
  });
});

describe('the webhook URL read from its parameter', () => {
  it('accepts a Slack webhook URL', () => {
    expect(parseWebhookUrl('https://hooks.slack.com/services/T0/B0/abc', '/batch-retry/slack').hostname).toBe(
      'hooks.slack.com',
    );
  });

  it.each([
    [undefined, 'SSM parameter /p is missing or empty'],
    ['  ', 'SSM parameter /p is missing or empty'],
    ['not a url at all', 'SSM parameter /p does not hold a URL'],
    [
      'http://hooks.slack.com/services/T0/B0/abc',
      'SSM parameter /p holds a http URL; Slack webhooks are https',
    ],
    [
      'https://example.com/services/T0/B0/abc',
      'SSM parameter /p points at host example.com, not a Slack webhook host',
    ],
    ['https://hooks.slack.com/', "SSM parameter /p holds a URL without the webhook's path"],
  ])('refuses %s with an error that names the parameter, never the value', (value, problem) => {
    const error = (() => {
      try {
        parseWebhookUrl(value, '/p');
      } catch (e) {
        return e;
      }
      return undefined;
    })();

    expect(error).toBeInstanceOf(WebhookUrlError);
    expect((error as Error).message).toContain(problem);
    if (value !== undefined && value.trim() !== '') expect((error as Error).message).not.toContain(value);
  });
});
