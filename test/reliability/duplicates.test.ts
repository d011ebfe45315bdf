import { describe, expect, it } from 'vitest';
import { SeededRandom } from '#adapters/memory/index.js';
import { clock, useFunctions } from '../integration/functions/harness.js';
import { jobEvent, stoppedAt } from '../integration/functions/job-events.js';
import { auditRetries, successEvents } from './audit.js';
import { AwsWorld } from './aws-world.js';
import { QueueModel } from './queue-model.js';
import { report, scaled, TIMEOUT_MS, totalLost } from './scale.js';
import { SPOT_RETRY_POLICY, spotReclaims } from './spot-reclaims.js';

const functions = useFunctions();

describe('duplicate deliveries through the real handlers', () => {
  const failures = scaled(60, 2_000);

  it(
    `decides each of ${failures.toLocaleString('en-US')} failures once and resubmits it once, whatever arrives twice or at once`,
    async () => {
      const random = new SeededRandom(17);
      const world = new AwsWorld(17);
      world.install([SPOT_RETRY_POLICY]);
      const queues = new QueueModel(functions, world, random, {
        eventCopies: 3,
        retryCopies: 1,
        concurrency: 4,
      });
      const { roots, events } = spotReclaims(failures);
      clock.set(stoppedAt(jobEvent('ec2-spot-host-terminated')) + 5_000);

      for (const event of events) queues.putEvent(event);
      const drained = await queues.drain();
      for (const success of successEvents(world.created, clock.now())) queues.putEvent(success, 1);
      const settled = await queues.drain();

      const audit = await auditRetries(functions, roots, world.created);
      const run = {
        key: 'duplicates',
        check: 'duplicates',
        tried: {
          failures,
          'event deliveries': queues.stats.eventDeliveries,
          'retry deliveries': queues.stats.retryDeliveries,
          'invocations, 4 at a time': queues.stats.invocations,
          'redeliveries of failed records': queues.stats.redeliveries,
          'receives of one record at most': queues.stats.maxReceiveCount,
        },
        lost: {
          ...audit,
          'records past their DLQ receive limit': queues.stats.pastReceiveLimit,
          'deliveries still pending': drained && settled ? 0 : 1,
        },
      };
      report(run);
      expect(totalLost(run)).toBe(0);
      expect(world.created).toHaveLength(failures);
    },
    TIMEOUT_MS,
  );
});
