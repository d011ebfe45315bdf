import { describe, expect, it } from 'vitest';
import { pauseRetries, resumeRetries } from '#core/operate/index.js';
import { PAUSE_RECHECK_SECONDS } from '#core/orchestrator/index.js';
import { ALICE, BOB, SPOT_ROOT, useOperateWorld } from './operate-world.js';

const world = useOperateWorld();
const QUEUE_ARN = 'arn:aws:batch:us-east-1:123456789012:job-queue/spot-queue';

describe('pause and resume', () => {
  it('holds a due retry to the paused queue, untouched, and lets it go once resumed', async () => {
    const w = world();
    await w.scheduled();
    const [sent] = w.retries.drain();
    if (sent === undefined) throw new Error('no retry message');
    const deps = { pauses: w.pauses, alerts: w.alerts, clock: w.clock };
    await pauseRetries({ jobQueue: 'spot-queue', by: ALICE, reason: 'compute environment broken' }, deps);
    w.clock.advanceTo(sent.message.dueAt);

    const { handleRetryMessage } = await import('#core/orchestrator/index.js');
    const held = await handleRetryMessage(sent.message, w.resubmitDeps);
    const lineage = await w.lineage(SPOT_ROOT);
    await resumeRetries({ jobQueue: QUEUE_ARN, by: BOB }, deps);
    w.clock.advanceSeconds(PAUSE_RECHECK_SECONDS);
    const released = await w.resubmitDue();

    expect(held).toEqual({ outcome: 'paused', delaySeconds: PAUSE_RECHECK_SECONDS, pausedBy: ALICE });
    expect(lineage.decisions[0]?.submission).toBeUndefined();
    expect(released).toEqual([{ outcome: 'submitted', childJobId: 'child-1' }]);
    expect(w.alerts.alerts.map((a) => [a.kind, a.title])).toEqual([
      ['RETRIES_PAUSED', `Retries paused for queue spot-queue by ${ALICE}`],
      ['RETRIES_RESUMED', `Retries resumed for queue spot-queue by ${BOB}`],
    ]);
    expect(w.alerts.alerts[0]?.summary).toContain('compute environment broken');
  });

  it('holds only the class a pause names, and wakes the retry when a timed pause ends', async () => {
    const w = world();
    await w.scheduled();
    const [sent] = w.retries.drain();
    if (sent === undefined) throw new Error('no retry message');
    const deps = { pauses: w.pauses, alerts: w.alerts, clock: w.clock };
    await pauseRetries(
      { jobQueue: 'spot-queue', failureClass: 'resource', by: ALICE, reason: 'OOM wave' },
      deps,
    );
    await pauseRetries(
      {
        jobQueue: 'spot-queue',
        failureClass: 'infrastructure',
        until: sent.message.dueAt + 90_000,
        by: ALICE,
        reason: '',
      },
      deps,
    );
    w.clock.advanceTo(sent.message.dueAt);

    const { handleRetryMessage } = await import('#core/orchestrator/index.js');
    const held = await handleRetryMessage(sent.message, w.resubmitDeps);

    expect(held).toEqual({ outcome: 'paused', delaySeconds: 90, pausedBy: ALICE });
  });

  it('refuses a second pause of the same queue, naming who set the first, and a resume of a queue not paused', async () => {
    const w = world();
    const deps = { pauses: w.pauses, alerts: w.alerts, clock: w.clock };
    await pauseRetries({ jobQueue: 'spot-queue', by: ALICE, reason: 'first' }, deps);

    await expect(pauseRetries({ jobQueue: QUEUE_ARN, by: BOB, reason: 'second' }, deps)).rejects.toThrow(
      `queue spot-queue is already paused by ${ALICE} since `,
    );
    await expect(resumeRetries({ jobQueue: 'gpu-queue', by: BOB }, deps)).rejects.toThrow(
      'queue gpu-queue is not paused',
    );
    expect(w.alerts.alerts).toHaveLength(1);
  });

  it('lets a pause that has ended be replaced, and refuses an end in the past', async () => {
    const w = world();
    const t0 = w.clock.now();
    const deps = { pauses: w.pauses, alerts: w.alerts, clock: w.clock };
    await pauseRetries({ jobQueue: 'spot-queue', until: t0 + 60_000, by: ALICE, reason: '' }, deps);
    w.clock.advanceTo(t0 + 60_001);

    await expect(
      pauseRetries({ jobQueue: 'spot-queue', by: BOB, reason: 'again' }, deps),
    ).resolves.toMatchObject({
      pause: { by: BOB },
    });
    await expect(
      pauseRetries({ jobQueue: 'gpu-queue', until: 1_000, by: BOB, reason: '' }, deps),
    ).rejects.toThrow(/which has passed/);
    expect(await w.pauses.activePauses(w.clock.now())).toEqual([expect.objectContaining({ by: BOB })]);
  });
});
