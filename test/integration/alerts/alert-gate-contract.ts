import { beforeEach, describe, expect, it } from 'vitest';
import { CollectingAlerts, RecordingDelayQueue, VirtualClock } from '#adapters/memory/index.js';
import { AlertGate, type DigestMessage, sendDigest } from '#core/alerts/index.js';
import type { Alert, AlertWindowPort } from '#core/ports/index.js';
import { silentLog } from '#core/ports/index.js';

/** 10:00:00 UTC, a whole multiple of every window used here. */
const T0 = Date.UTC(2026, 11, 5, 10, 0, 0);
const WINDOW = 600;

function giveUp(jobId: string, overrides: Partial<Alert> = {}): Alert {
  return {
    kind: 'GAVE_UP',
    severity: 'critical',
    title: `Gave up on Batch job ${jobId}: middleware failure`,
    summary: `Job ${jobId} could not pull its image.`,
    next: 'Check the image.',
    fingerprint: 'GAVE_UP|middleware|prod-spot|etl|cause:image-not-found',
    at: T0,
    jobId,
    jobQueue: 'prod-spot',
    failureClass: 'middleware',
    delivery: { aggregateSeconds: WINDOW, channels: ['sns', 'slack'] },
    ...overrides,
  };
}

/**
 * The aggregation every AlertWindowPort must give the gate (in memory, and DynamoDB through
 * dynalite): first alert of a cause at once, the rest in one message per window, nothing dropped.
 */
export function describeAlertGateContract(name: string, windows: () => Promise<AlertWindowPort>): void {
  describe(`${name} (alert aggregation contract)`, () => {
    let clock: VirtualClock;
    let channel: CollectingAlerts;
    let timers: RecordingDelayQueue<DigestMessage>;
    let deps: ConstructorParameters<typeof AlertGate>[0];
    let gate: AlertGate;

    beforeEach(async () => {
      clock = new VirtualClock(T0 + 1_000);
      channel = new CollectingAlerts();
      timers = new RecordingDelayQueue<DigestMessage>();
      deps = { channel, windows: await windows(), timers, clock, log: silentLog };
      gate = new AlertGate(deps);
    });

    /** Delivers every digest timer at its due time; returns what they came to. */
    const closeWindows = async () => {
      const outcomes: string[] = [];
      for (let sent = timers.drain(); sent.length > 0; sent = timers.drain()) {
        for (const { message } of sent) {
          if (message.dueAt > clock.now()) clock.advanceTo(message.dueAt);
          outcomes.push(await sendDigest(message, deps));
        }
      }
      return outcomes;
    };

    it('sends the first alert of a cause at once and the rest of the window as one digest, counting every one', async () => {
      await gate.publish(giveUp('job-1'));
      for (let i = 2; i <= 12; i++) {
        clock.advanceSeconds(10);
        await gate.publish(giveUp(`job-${i}`, { jobQueue: i % 3 === 0 ? 'prod-ondemand' : 'prod-spot' }));
      }
      expect(channel.alerts.map((a) => a.jobId)).toEqual(['job-1']);

      expect(await closeWindows()).toEqual(['sent']);

      const digest = channel.alerts[1];
      expect(channel.alerts).toHaveLength(2);
      expect(digest?.title).toBe(
        '+11 more like this in the last 10 minutes: Gave up on Batch job job-1: middleware failure',
      );
      expect(digest?.digest).toMatchObject({
        count: 11,
        from: T0,
        to: T0 + WINDOW * 1000,
        byQueue: { 'prod-spot': 7, 'prod-ondemand': 4 },
      });
      expect(digest?.digest?.sampleJobIds.length).toBeGreaterThan(0);
      expect(digest?.digest?.sampleJobIds.length).toBeLessThanOrEqual(5);
      expect(digest?.delivery?.channels).toEqual(['sns', 'slack']);
    });

    it('sends one summary for several causes whose windows end together', async () => {
      await gate.publish(giveUp('a-1'));
      await gate.publish(giveUp('a-2'));
      await gate.publish(giveUp('b-1', { fingerprint: 'GAVE_UP|application|prod-spot|etl|cause:exit-code' }));
      await gate.publish(giveUp('b-2', { fingerprint: 'GAVE_UP|application|prod-spot|etl|cause:exit-code' }));
      await gate.publish(giveUp('b-3', { fingerprint: 'GAVE_UP|application|prod-spot|etl|cause:exit-code' }));

      await closeWindows();

      expect(channel.alerts.map((a) => a.kind)).toEqual(['GAVE_UP', 'GAVE_UP', 'DIGEST']);
      expect(channel.alerts[2]?.title).toBe('3 more alerts of 2 causes in the last 10 minutes');
      expect(channel.alerts[2]?.digest?.causes?.map((c) => c.count)).toEqual([2, 1]);
    });

    it('sends nothing more when the first alert was the only one', async () => {
      await gate.publish(giveUp('job-1'));

      expect(await closeWindows()).toEqual(['nothing-to-send']);
      expect(channel.alerts).toHaveLength(1);
    });

    it('counts the first alert of a window that follows a busy one, so a storm that goes on is one message per window', async () => {
      await gate.publish(giveUp('job-1'));
      await gate.publish(giveUp('job-2'));
      clock.advanceTo(T0 + WINDOW * 1000 + 1_000);
      await gate.publish(giveUp('job-3'));
      await gate.publish(giveUp('job-4'));

      await closeWindows();

      expect(channel.alerts.map((a) => a.digest?.count ?? 'alone')).toEqual(['alone', 1, 2]);
      expect(channel.alerts[2]?.title).toMatch(/^2 like this in the last 10 minutes: /);
    });

    it('sends an alert alone when its window was already digested: nothing is ever dropped', async () => {
      await gate.publish(giveUp('job-1'));
      await gate.publish(giveUp('job-2'));
      const [timer] = timers.drain();
      clock.advanceTo(timer?.message.dueAt ?? 0);
      await sendDigest(timer?.message as DigestMessage, deps);
      // A function whose clock is behind still counts into the window that was just digested.
      const behind = new AlertGate({ ...deps, clock: new VirtualClock(T0 + 5_000) });

      await behind.publish(giveUp('job-late', { at: T0 + 5_000 }));

      expect(channel.alerts.map((a) => a.jobId ?? `digest of ${a.digest?.count}`)).toEqual([
        'job-1',
        'digest of 1',
        'job-late',
      ]);
    });

    it('sends a digest once, however often its timer is delivered', async () => {
      await gate.publish(giveUp('job-1'));
      await gate.publish(giveUp('job-2'));
      const [timer] = timers.drain();
      clock.advanceTo(timer?.message.dueAt ?? 0);

      const outcomes = [
        await sendDigest(timer?.message as DigestMessage, deps),
        await sendDigest(timer?.message as DigestMessage, deps),
      ];

      expect(outcomes).toEqual(['sent', 'already-sent']);
      expect(channel.alerts).toHaveLength(2);
    });

    it('puts a timer that is not due back on the queue', async () => {
      await gate.publish(giveUp('job-1'));
      const [timer] = timers.drain();

      expect(await sendDigest(timer?.message as DigestMessage, deps)).toBe('deferred');
      expect(timers.drain()).toHaveLength(1);
    });

    it('sends every alert of a policy with aggregateSeconds 0 at once', async () => {
      for (const id of ['job-1', 'job-2', 'job-3']) {
        await gate.publish(giveUp(id, { delivery: { aggregateSeconds: 0, channels: ['sns'] } }));
      }

      expect(channel.alerts).toHaveLength(3);
      expect(timers.drain()).toEqual([]);
    });
  });
}
