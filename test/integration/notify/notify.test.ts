import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toAlertMessage } from '#core/alerts/index.js';
import type { Alert } from '#core/ports/index.js';
import { type SlackStandIn, startSlackStandIn } from '../../helpers/slack-stand-in.js';
import { GAVE_UP_ALERT, snsEvent } from '../../helpers/sns-alerts.js';
import { coldStartNotify } from './notify-function.js';

const ssm = mockClient(SSMClient);
const PARAMETER = '/batch-retry/slack-webhook';

const ALERT = GAVE_UP_ALERT;

const message = (alert: Alert = ALERT) => JSON.stringify(toAlertMessage(alert));

let slack: SlackStandIn;

beforeEach(async () => {
  slack = await startSlackStandIn();
  ssm.reset();
  ssm.on(GetParameterCommand, { Name: PARAMETER, WithDecryption: true }).resolves({
    Parameter: { Name: PARAMETER, Type: 'SecureString', Value: slack.url, Version: 1 },
  });
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await slack.close();
});

/** The webhook parameter, and the stand-in's host allowed (the function allows only Slack's own by default). */
const configured = { SLACK_WEBHOOK_PARAMETER: PARAMETER, SLACK_WEBHOOK_HOSTS: '127.0.0.1' };

describe('the notify function', () => {
  it('posts each alert meant for Slack as a Block Kit message, reading the webhook once per container', async () => {
    const notify = await coldStartNotify(configured);

    await notify.invoke(snsEvent(message(), message({ ...ALERT, jobId: 'other' })));
    await notify.invoke(snsEvent(message()));

    expect(slack.received).toHaveLength(3);
    expect(slack.received[0]).toMatchObject({ text: `GAVE_UP: ${ALERT.title}`, blocks: expect.any(Array) });
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(1);
    expect(notify.logs.filter((l) => l.level === 'ERROR')).toEqual([]);
  });

  it("leaves alerts whose policy does not send them to Slack to SNS's other subscribers", async () => {
    const notify = await coldStartNotify(configured);

    await notify.invoke(
      snsEvent(message({ ...ALERT, delivery: { aggregateSeconds: 300, channels: ['sns'] } })),
    );

    expect(slack.received).toEqual([]);
  });

  it('skips and logs a message that is not a batch-retry alert, without failing the invocation', async () => {
    const notify = await coldStartNotify(configured);

    const error = await notify.invoke(snsEvent('{"hello":', message()));

    expect(error).toBeUndefined();
    expect(slack.received).toHaveLength(1);
    expect(notify.logs).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        message: expect.stringMatching(/is not a batch-retry alert/),
      }),
    );
  });

  it.each([
    ['missing', undefined],
    ['not a URL', 'not a url'],
    ['not a Slack host', 'https://example.com/services/T0/B0/abc'],
  ])('says once per container that Slack is not configured when the parameter is %s', async (_, value) => {
    ssm.reset();
    if (value === undefined) {
      ssm
        .on(GetParameterCommand)
        .rejects(Object.assign(new Error('ParameterNotFound'), { name: 'ParameterNotFound' }));
    } else {
      ssm
        .on(GetParameterCommand)
        .resolves({ Parameter: { Name: PARAMETER, Type: 'SecureString', Value: value, Version: 1 } });
    }
    const notify = await coldStartNotify({ SLACK_WEBHOOK_PARAMETER: PARAMETER });

    await notify.invoke(snsEvent(message(), message()));
    await notify.invoke(snsEvent(message()));

    const errors = notify.logs.filter((l) => l.level === 'ERROR');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(
      /^Slack is not configured, so alerts reach the SNS topic's other subscribers only: SSM parameter \/batch-retry\/slack-webhook/,
    );
    if (value !== undefined) expect(JSON.stringify(notify.logs)).not.toContain(value);
  });

  it('fails the invocation when Slack refuses the webhook, so the alert reaches the DLQ, logging the status and never the URL', async () => {
    slack.answer({ status: 403, body: 'invalid_token' });
    const notify = await coldStartNotify(configured);

    const error = await notify.invoke(snsEvent(message()));

    expect(error).toBeInstanceOf(Error);
    expect(notify.logs).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        status: 403,
        message: expect.stringContaining('goes to the notify DLQ'),
      }),
    );
    const everything = JSON.stringify(notify.logs) + String(error);
    expect(everything).not.toContain(slack.secret);
    expect(everything).toContain('SlackRejected');
  });
});
