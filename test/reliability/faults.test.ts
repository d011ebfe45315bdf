import { describe, expect, it } from 'vitest';
import { SeededRandom } from '#adapters/memory/index.js';
import { useFunctions } from '../integration/functions/harness.js';
import { AwsWorld } from './aws-world.js';
import { QueueModel } from './queue-model.js';
import { expectNothingLost, scaled, TIMEOUT_MS } from './scale.js';
import { retryAndRecover, SPOT_RETRY_POLICY } from './spot-reclaims.js';

const functions = useFunctions();

describe('AWS throttling and failing under the real handlers', () => {
  const failures = scaled(40, 1_000);

  it(
    `loses none of ${failures.toLocaleString('en-US')} failures when Batch throttles 30% of SubmitJobs, 10% of ledger writes fail and SQS refuses sends`,
    async () => {
      const world = new AwsWorld(23, {
        submitJobThrottled: 0.3,
        ledgerWriteThrottled: 0.05,
        ledgerWriteTimedOut: 0.05,
        sendRefused: 0.1,
      });
      world.install([SPOT_RETRY_POLICY]);
      const queues = new QueueModel(functions, world, new SeededRandom(23), {
        eventCopies: 1,
        retryCopies: 1,
        concurrency: 4,
      });

      const { audit, drained } = await retryAndRecover(functions, world, queues, failures);

      const { counts } = world;
      expectNothingLost({
        key: 'faults',
        check: 'faults',
        tried: {
          failures,
          'SubmitJobs throttled': counts.submitJobsThrottled,
          'of SubmitJobs': counts.submitJobs,
          'ledger writes throttled': counts.ledgerWritesThrottled,
          'ledger writes applied but unanswered': counts.ledgerWritesTimedOut,
          'of ledger writes': counts.ledgerWrites,
          'SQS sends refused': counts.sendsRefused,
          'of SQS sends': counts.sends,
          ...queues.tried(),
        },
        lost: { ...audit, ...queues.lost(drained) },
      });
      expect(counts.submitJobsThrottled).toBeGreaterThan(0);
      expect(counts.ledgerWritesTimedOut).toBeGreaterThan(0);
      expect(counts.sendsRefused).toBeGreaterThan(0);
    },
    TIMEOUT_MS,
  );
});
