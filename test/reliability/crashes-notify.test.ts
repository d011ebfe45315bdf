import type { SNSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWebhookUrl, SlackWebhook } from '#adapters/slack/index.js';
import { postJson } from '#adapters/slack/post-json.js';
import { toAlertMessage } from '#core/alerts/index.js';
import { silentLog } from '#core/ports/log.js';
import { createNotifier } from '#functions/notify/notify.js';
import { type SlackStandIn, startSlackStandIn } from '../helpers/slack-stand-in.js';
import { GAVE_UP_ALERT, snsEvent } from '../helpers/sns-alerts.js';
import { type CrashPoint, InjectedCrash } from '../integration/guarantees/harness.js';
import { crashPointsOf } from './crash-setup.js';
import { report, TIMEOUT_MS, totalLost } from './scale.js';

const PARAMETER = '/batch-retry/slack-webhook';
/** The notify function's asynchronous invocations: the first and `retryAttempts: 1` (infra), then its DLQ. */
const INVOCATIONS = 2;

/** The alert as the SNS topic delivers it to the notify function. */
const EVENT = snsEvent(JSON.stringify(toAlertMessage(GAVE_UP_ALERT)));

/**
 * The notify Lambda's external calls (the SSM read of the webhook URL, the HTTP POST to Slack)
 * counted as step boundaries, with a crash injected before or after one of them, once: as in the
 * orchestrator's harness, a crashed Lambda makes no more calls until the next invocation.
 */
class NotifyLambda {
  readonly calls: string[] = [];
  #crash: CrashPoint | undefined;
  #dead = false;
  readonly notify: (event: SNSEvent) => Promise<void>;

  constructor(slack: SlackStandIn, crash?: CrashPoint) {
    this.#crash = crash;
    const webhook = new SlackWebhook({
      url: this.#instrument('ssm.getParameter', async () =>
        parseWebhookUrl(slack.url, PARAMETER, ['127.0.0.1']),
      ),
      post: this.#instrument('slack.post', postJson),
      sleep: async () => undefined,
      random: () => 0,
    });
    this.notify = createNotifier({ slack: webhook, log: silentLog, count: () => undefined });
  }

  #instrument<A extends unknown[], R>(name: string, call: (...args: A) => Promise<R>) {
    return async (...args: A): Promise<R> => {
      if (this.#dead) throw new InjectedCrash(`no ${name}: the Lambda crashed`);
      const index = this.calls.push(name) - 1;
      const crash = this.#crash?.call === index ? this.#crash : undefined;
      if (crash !== undefined) this.#crash = undefined;
      if (crash?.phase === 'before') this.#dead = true;
      if (this.#dead) throw new InjectedCrash(`crash before ${name}`);
      const result = await call(...args);
      if (crash?.phase === 'after') {
        this.#dead = true;
        throw new InjectedCrash(`crash after ${name}`);
      }
      return result;
    };
  }

  /** SNS's asynchronous invocation and Lambda's retry; returns how many invocations failed. */
  async deliver(event: SNSEvent): Promise<number> {
    let failed = 0;
    for (let invocation = 0; invocation < INVOCATIONS; invocation++) {
      this.#dead = false;
      try {
        await this.notify(structuredClone(event));
        return failed;
      } catch {
        failed += 1;
      }
    }
    return failed;
  }
}

describe('a crash at every step boundary of notify', () => {
  let slack: SlackStandIn;
  beforeAll(async () => {
    slack = await startSlackStandIn();
  });
  afterAll(() => slack.close());

  /** Delivers the alert to a notify Lambda that crashes at `crash`; returns Slack's posts and failures. */
  async function deliver(crash?: CrashPoint) {
    const lambda = new NotifyLambda(slack, crash);
    const before = slack.received.length;
    const failed = await lambda.deliver(EVENT);
    return { lambda, failed, posted: slack.received.length - before };
  }

  it(
    'an alert for Slack: posted at least once whatever the crash (a crash after the post posts it twice)',
    async () => {
      const golden = await deliver();
      // The crash-free run is the claim itself: one post, no failed invocation.
      expect({ posted: golden.posted, failed: golden.failed }).toEqual({ posted: 1, failed: 0 });

      const points = crashPointsOf(golden.lambda.calls);
      const lost = { 'alerts that never reached Slack (left on the notify DLQ)': 0 };
      let failed = 0;
      let twice = 0;
      for (const point of points) {
        const run = await deliver(point);
        failed += run.failed;
        if (run.posted === 0) lost['alerts that never reached Slack (left on the notify DLQ)'] += 1;
        if (run.posted > 1) twice += 1;
      }
      const result = {
        key: 'crashes.notify-slack',
        check: 'crashes, an alert posted to Slack by notify, then retried by Lambda once',
        tried: {
          'step boundaries': golden.lambda.calls.length,
          'crashed runs': points.length,
          'alerts posted twice (allowed: at least once)': twice,
        },
        lost,
      };
      report(result);
      expect(failed, 'every crash fails its invocation').toBeGreaterThanOrEqual(points.length);
      // Only the crash after the POST returned posts twice: Slack has the message, the Lambda died.
      expect(twice).toBe(1);
      expect(totalLost(result)).toBe(0);
    },
    TIMEOUT_MS,
  );
});
