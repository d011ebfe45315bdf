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

describe('AWS throttling and failing under the real handlers', () => {
  const failures = scaled(40, 1_000);

  it(
    `loses none of ${failures.toLocaleString('en-US')} failures when Batch throttles 30% of SubmitJobs, 10% of ledger writes fail and SQS refuses sends`,
    async () => {
      const random = new SeededRandom(23);
      const world = new AwsWorld(23, {
        submitJobThrottled: 0.3,
        ledgerWriteThrottled: 0.05,
        ledgerWriteTimedOut: 0.05,
        sendRefused: 0.1,
      });
      world.install([SPOT_RETRY_POLICY]);
      const queues = new QueueModel(functions, world, random, {
        eventCopies: 1,
        retryCopies: 1,
        concurrency: 4,
      });
      const { roots, events } = spotReclaims(failures);
      clock.set(stoppedAt(jobEvent('ec2-spot-host-terminated')) + 5_000);

      for (const event of events) queues.putEvent(event);
      const drained = await queues.drain();
      for (const success of successEvents(world.created, clock.now())) queues.putEvent(success);
      const settled = await queues.drain();

      const audit = await auditRetries(functions, roots, world.created);
      const { counts } = world;
      const run = {
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
      expect(counts.submitJobsThrottled).toBeGreaterThan(0);
      expect(counts.ledgerWritesTimedOut).toBeGreaterThan(0);
      expect(counts.sendsRefused).toBeGreaterThan(0);
    },
    TIMEOUT_MS,
  );
});
