import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, SLACK_LIMITS, slackMessage } from '#adapters/slack/index.js';
import { type AlertMessage, toAlertMessage } from '#core/alerts/index.js';
import type { Alert } from '#core/ports/index.js';

const ALERT: Alert = {
  kind: 'GAVE_UP',
  severity: 'critical',
  title: 'Gave up on Batch job nightly-etl-orders: middleware failure',
  summary: 'Job nightly-etl-orders could not pull its image. Next: check the image.',
  next: 'Check that the image and tag exist.',
  fingerprint: 'GAVE_UP|middleware|prod-spot|etl|cause:image-not-found',
  at: Date.UTC(2026, 11, 5, 3),
  jobId: 'b5d735c5-521b-46c3-9a71-94ec885ffb05',
  jobName: 'nightly-etl-orders',
  jobQueue: 'prod-spot',
  jobDefinition: 'etl',
  failureClass: 'middleware',
  reason: 'CannotPullContainerError: pull access denied for <acme/etl> & "friends", use `docker login`',
  decision: 'gave up: image missing: waiting will not help',
  counts: { middleware: 1, infrastructure: 2 },
  policy: 'production',
  links: {
    job: 'https://us-east-1.console.aws.amazon.com/batch/home?region=us-east-1#jobs/detail/b5d735c5',
    logs: 'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/$252Faws',
  },
};

const texts = (blocks: readonly KnownBlock[]): string[] =>
  blocks.flatMap((block) => {
    const b = block as {
      text?: { text: string };
      fields?: { text: string }[];
      elements?: { text: string }[];
    };
    return [
      b.text?.text,
      ...(b.fields ?? []).map((f) => f.text),
      ...(b.elements ?? []).map((e) => e.text),
    ].filter((t): t is string => t !== undefined);
  });

describe('the Slack message of an alert', () => {
  it('has the headline, the job with its console and log links, the facts, the reason, and the next step', () => {
    const message = slackMessage(toAlertMessage(ALERT));
    const all = texts(message.blocks).join('\n');

    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: ALERT.title, emoji: true },
    });
    expect(all).toContain(
      `*Job* <${ALERT.links?.job}|*nightly-etl-orders*> (\`${ALERT.jobId}\`) · <${ALERT.links?.logs}|logs>`,
    );
    expect(all).toContain('*Class*\nmiddleware');
    expect(all).toContain('*Queue*\nprod-spot');
    expect(all).toContain('*Attempts*\nmiddleware 1, infrastructure 2');
    expect(all).toContain('*Decision*\ngave up: image missing: waiting will not help');
    expect(all).toContain('*Next* Check that the image and tag exist.');
    expect(message.text).toBe('GAVE_UP: Gave up on Batch job nightly-etl-orders: middleware failure');
  });

  it('names a queue given as an ARN by its name', () => {
    const arn = 'arn:aws:batch:us-east-1:123456789012:job-queue/prod-spot';
    const all = texts(slackMessage(toAlertMessage({ ...ALERT, jobQueue: arn })).blocks).join('\n');

    expect(all).toContain('*Queue*\nprod-spot');
    expect(all).not.toContain(arn);
  });

  it('escapes the reason so nothing in it can form a link or a mention, and keeps it in one code block', () => {
    const all = texts(slackMessage(toAlertMessage(ALERT)).blocks).join('\n');

    expect(all).toContain(
      '*Reason*\n```CannotPullContainerError: pull access denied for &lt;acme/etl&gt; &amp; "friends", use ˋdocker loginˋ```',
    );
  });

  it('cuts every text to Slack limits instead of being refused, never inside an entity', () => {
    const huge: AlertMessage = {
      ...toAlertMessage(ALERT),
      title: 'T'.repeat(500),
      reason: '<&>'.repeat(5000),
      next: 'n'.repeat(10_000),
      digest: {
        count: 5000,
        from: '2026-12-05T03:00:00.000Z',
        to: '2026-12-05T03:10:00.000Z',
        byQueue: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`queue-${i}`, i])),
        sampleJobIds: ['a', 'b'],
        causes: Array.from({ length: 300 }, (_, i) => ({
          fingerprint: `f${i}`,
          kind: 'GAVE_UP',
          severity: 'critical' as const,
          title: `cause ${i} ${'x'.repeat(300)}`,
          count: i,
        })),
      },
    };

    const message = slackMessage(huge);

    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    const header = message.blocks[0] as { text: { text: string } };
    expect(header.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerChars);
    for (const text of texts(message.blocks)) {
      expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionChars);
      expect(text).not.toMatch(/&(a|am|l|g)?…/);
    }
  });

  it('escapes &, < and > and cuts at a character, never in the middle of an entity or a surrogate pair', () => {
    expect(escapeMrkdwn('a < b & c > d', 100)).toBe('a &lt; b &amp; c &gt; d');
    expect(escapeMrkdwn('ab<cd', 5)).toBe('ab…');
    expect(escapeMrkdwn('😀😀😀', 4)).toBe('😀…');
  });
});
