import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toAlertMessage } from '#core/alerts/index.js';
import { runCli, tempFile } from '../helpers/run-cli.js';
import { startSlackStandIn } from '../helpers/slack-stand-in.js';
import { GAVE_UP_ALERT, snsEvent } from '../helpers/sns-alerts.js';
import { sqsRecord } from '../helpers/sqs-records.js';
import { clock, eventsMock, ssmMock, useFunctions } from '../integration/functions/harness.js';
import { type JobEvent, jobEvent, stoppedAt } from '../integration/functions/job-events.js';
import { coldStartNotify } from '../integration/notify/notify-function.js';
import { AwsWorld } from './aws-world.js';
import { expectNothingLost, TIMEOUT_MS } from './scale.js';

const functions = useFunctions({ eventBus: 'default' });

const SECRETS = ['pw-7f3c9e1b-do-not-print', 'tok-2b8d40aa-do-not-print'];

/** Retries Spot reclaims, gives up on application failures, on the Spot queue. */
const POLICY = {
  schemaVersion: 1,
  name: 'default',
  rules: [
    { onClass: 'infrastructure', action: 'RETRY' },
    { onClass: 'application', action: 'EXIT' },
  ],
  defaultAction: 'EXIT',
  backoff: { strategy: 'fixed', baseSeconds: 60, jitter: 'none' },
};

let jobs = 0;
/** A failed job whose container carries the secrets in its environment. */
function withSecrets(fixture: string): JobEvent {
  jobs += 1;
  const event = jobEvent(fixture, {
    jobId: `5ec0${jobs}000-0000-4000-8000-000000000000`,
    jobQueue: 'spot-queue',
  });
  const container = event.detail.container as { environment?: { name: string; value: unknown }[] };
  container.environment = [
    { name: 'DB_PASSWORD', value: SECRETS[0] },
    { name: 'API_TOKEN', value: SECRETS[1] },
  ];
  return event;
}

const leaks = (text: string) => SECRETS.filter((secret) => text.includes(secret)).length;

describe('job environment values through the real handlers and the CLI', () => {
  it(
    'never appear in logs, alerts, lineage events, errors, or what lineage and explain print',
    async () => {
      const world = new AwsWorld(43);
      world.install([POLICY]);
      const retried = withSecrets('ec2-spot-host-terminated');
      clock.set(stoppedAt(retried) + 5_000);

      // A retry end to end: the child needs its environment, so SubmitJob carries it; nothing else may.
      await functions.decide(sqsRecord(retried));
      const [message] = world.sent.splice(0);
      clock.set((JSON.parse(message ?? '{}') as { dueAt: number }).dueAt + 1_000);
      await functions.resubmit(sqsRecord(message));
      // A give-up with its GAVE_UP alert.
      const gaveUp = withSecrets('application-exit-1');
      await functions.decide(sqsRecord(gaveUp));
      // An event that cannot be used (no job id), its environment holding the secrets: an error line.
      const malformed = withSecrets('ec2-spot-host-terminated');
      delete malformed.detail.jobId;
      await functions.decide(sqsRecord(malformed));

      const table = process.env.LEDGER_TABLE ?? '';
      const aws = [
        '--table',
        table,
        '--endpoint-url',
        process.env.AWS_ENDPOINT_URL_DYNAMODB ?? '',
        '--region',
        'us-east-1',
      ];
      const printed = await Promise.all([
        runCli(['lineage', String(retried.detail.jobId), ...aws]),
        runCli(['lineage', String(retried.detail.jobId), ...aws, '--output', 'json']),
        runCli(['lineage', String(gaveUp.detail.jobId), ...aws]),
        runCli(['explain', tempFile('event.json', JSON.stringify(retried))]),
        runCli(['explain', tempFile('event.json', JSON.stringify(retried)), '--output', 'json']),
      ]);
      const logs = functions.logs.map((line) => JSON.stringify(line));
      // Alerts go to the SNS topic: every body published there, as subscribers read it.
      const alerts = functions.published.map((input) => `${input.Subject ?? ''} ${input.Message ?? ''}`);
      // Lineage events on EventBridge, as workflow engines read them.
      const lineageEvents = eventsMock.calls().map((call) => JSON.stringify(call.args[0]));
      const run = {
        key: 'secrets',
        check: 'secrets',
        tried: {
          'log lines': logs.length,
          alerts: alerts.length,
          'lineage events': lineageEvents.length,
          'failed records': logs.filter((line) => line.includes('record failed') || line.includes('unusable'))
            .length,
          'CLI outputs': printed.length,
        },
        lost: {
          'log lines with a secret': logs.filter((line) => leaks(line) > 0).length,
          'alerts with a secret': alerts.filter((alert) => leaks(alert) > 0).length,
          'lineage events with a secret': lineageEvents.filter((event) => leaks(event) > 0).length,
          'CLI outputs with a secret': printed.filter((out) => leaks(out.stdout + out.stderr) > 0).length,
        },
      };
      expectNothingLost(run);
      expect(leaks(JSON.stringify(world.created[0]?.input))).toBe(SECRETS.length);
      expect(alerts.length).toBeGreaterThan(0);
      expect(lineageEvents.length).toBeGreaterThan(0);
      expect(run.tried['failed records']).toBeGreaterThan(0);
      expect(printed.map((out) => out.code)).toEqual([0, 0, 0, 0, 0]);
    },
    TIMEOUT_MS,
  );
});

/** A port of 127.0.0.1 that nothing listens on (a server opened there and closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the Slack webhook URL through the real notify handler', () => {
  const PARAMETER = '/batch-retry/slack-webhook';
  afterEach(() => vi.unstubAllEnvs());

  it(
    'never appears in its logs or errors, whether Slack takes the alert, asks to slow down, fails or refuses it, cannot be reached, or the URL is not allowed',
    async () => {
      const slack = await startSlackStandIn();
      const serve = (url: string) =>
        ssmMock
          .on(GetParameterCommand, { Name: PARAMETER, WithDecryption: true })
          .resolves({ Parameter: { Name: PARAMETER, Type: 'SecureString', Value: url, Version: 1 } });
      const alert = () => snsEvent(JSON.stringify(toAlertMessage(GAVE_UP_ALERT)));
      const env = { SLACK_WEBHOOK_PARAMETER: PARAMETER, SLACK_WEBHOOK_HOSTS: '127.0.0.1' };
      try {
        serve(slack.url);
        const notify = await coldStartNotify(env);
        const errors: unknown[] = [await notify.invoke(alert())];
        slack.answer({ status: 429, headers: { 'retry-after': '0' }, body: 'rate_limited' });
        errors.push(await notify.invoke(alert()));
        slack.answer({ status: 500, body: 'oops' }, { status: 503, body: 'unavailable' });
        errors.push(await notify.invoke(alert()));
        slack.answer({ status: 403, body: 'invalid_token' });
        errors.push(await notify.invoke(alert()));
        // The same secret behind a host the function does not allow: a configuration error.
        serve(slack.url.replace('http://127.0.0.1', 'https://hooks.example.com'));
        const misconfigured = await coldStartNotify(env);
        errors.push(await misconfigured.invoke(alert()));
        // And behind a port nothing listens on: a network error on every attempt.
        serve(slack.url.replace(/:\d+\//, `:${await closedPort()}/`));
        const unreachable = await coldStartNotify(env);
        errors.push(await unreachable.invoke(alert()));

        const failed = errors.filter((error) => error !== undefined);
        const texts = [
          ...[...notify.logs, ...misconfigured.logs, ...unreachable.logs].map((line) => JSON.stringify(line)),
          ...failed.map((error) =>
            error instanceof Error
              ? `${error.stack} ${JSON.stringify(error)} ${String(error.cause)}`
              : String(error),
          ),
        ];
        const run = {
          key: 'secrets.slack-webhook',
          check: 'secrets, the Slack webhook URL',
          tried: {
            'alerts posted': slack.received.length,
            'log lines': texts.length - failed.length,
            'failed invocations': failed.length,
          },
          lost: { 'log lines or errors with the URL': texts.filter((t) => t.includes(slack.secret)).length },
        };
        expectNothingLost(run);
        // Taken at once, after the 429, after the 500 and the 503, and the refused one: 7 posts.
        expect(slack.received).toHaveLength(7);
        // The refusal and the unreachable host fail their invocations; the misconfiguration is logged.
        expect(failed).toHaveLength(2);
      } finally {
        await slack.close();
      }
    },
    TIMEOUT_MS,
  );
});
