import { describe, expect, it } from 'vitest';
import { SeededRandom } from '#adapters/memory/index.js';
import { useFunctions } from '../integration/functions/harness.js';
import { AwsWorld } from './aws-world.js';
import { QueueModel } from './queue-model.js';
import { expectNothingLost, scaled, TIMEOUT_MS } from './scale.js';
import { retryAndRecover, SPOT_RETRY_POLICY } from './spot-reclaims.js';

const functions = useFunctions();

describe('duplicate deliveries through the real handlers', () => {
  const failures = scaled(60, 10_000);

  it(
    `decides each of ${failures.toLocaleString('en-US')} failures once and resubmits it once, whatever arrives twice or at once`,
    async () => {
      const world = new AwsWorld(17);
      world.install([SPOT_RETRY_POLICY]);
      const queues = new QueueModel(functions, world, new SeededRandom(17), {
        eventCopies: 3,
        retryCopies: 1,
        concurrency: 4,
      });

      const { audit, drained } = await retryAndRecover(functions, world, queues, failures);

      expectNothingLost({
        key: 'duplicates',
        check: 'duplicates',
        tried: {
          failures,
          'event deliveries': queues.stats.eventDeliveries,
          'retry deliveries': queues.stats.retryDeliveries,
          'invocations, 4 at a time': queues.stats.invocations,
          ...queues.tried(),
        },
        lost: { ...audit, ...queues.lost(drained) },
      });
      expect(world.created).toHaveLength(failures);
    },
    TIMEOUT_MS,
  );
});
