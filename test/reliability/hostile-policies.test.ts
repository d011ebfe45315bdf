import type { SubmitJobCommandInput } from '@aws-sdk/client-batch';
import { describe, expect, it } from 'vitest';
import { HARD_LIMITS } from '#core/policy/index.js';
import { sqsRecord } from '../helpers/sqs-records.js';
import { clock, useFunctions } from '../integration/functions/harness.js';
import { childEvent, jobEvent, stoppedAt } from '../integration/functions/job-events.js';
import { AwsWorld } from './aws-world.js';
import { decideEachInput, timings } from './input-timing.js';
import { expectNothingLost, FULL_SCALE, TIMEOUT_MS } from './scale.js';

const functions = useFunctions();

/** As far as a policy pushed to SSM can go: every failure retried at once, the most attempts the schema allows. */
const RETRY_FOREVER = {
  schemaVersion: 1,
  name: 'default',
  rules: [{ onClass: 'application', action: 'RETRY' }],
  defaultAction: 'RETRY',
  budgets: { total: HARD_LIMITS.maxAttempts, perClass: { application: HARD_LIMITS.maxAttempts - 1 } },
  backoff: { strategy: 'fixed', baseSeconds: 0, jitter: 'none' },
  breaker: { enabled: false },
};

/** A pattern built for catastrophic backtracking in JavaScript's engine (11.7 s on a 150-character reason). */
const BACKTRACKING = '^(\\w+\\s?)+$';

describe('hostile policies through the real handlers', () => {
  it(
    `stops a lineage whose every job fails at the hard limit of ${HARD_LIMITS.maxAttempts} attempts`,
    async () => {
      const world = new AwsWorld(37);
      world.install([RETRY_FOREVER]);
      const root = jobEvent('application-exit-1');
      clock.set(stoppedAt(root) + 5_000);
      await functions.decide(sqsRecord(root));
      // Batch plays along: each child fails the same way as soon as it is submitted.
      for (let round = 0; round < 2 * HARD_LIMITS.maxAttempts && world.sent.length > 0; round++) {
        const sent = world.sent.splice(0);
        clock.set(Math.max(clock.now(), ...sent.map((body) => JSON.parse(body).dueAt as number)) + 1_000);
        await functions.resubmit(...sent.map((body) => sqsRecord(body)));
        const [child] = world.created.slice(-1);
        if (child === undefined) break;
        const failed = childEvent(
          'application-exit-1',
          { input: child.input as SubmitJobCommandInput, childJobId: child.jobId },
          clock.now(),
        );
        clock.set(stoppedAt(failed) + 5_000);
        await functions.decide(sqsRecord(failed));
      }
      const lineage = await functions.ledger.getLineage(String(root.detail.jobId));
      const attempts = lineage?.totalAttempts ?? 0;
      const run = {
        key: 'hostile-policies.retry-forever',
        check: 'hostile policies, retry forever',
        tried: {
          'attempts the policy allows': HARD_LIMITS.maxAttempts,
          'jobs submitted': world.created.length,
        },
        lost: {
          'attempts past the hard limit': Math.max(0, attempts - HARD_LIMITS.maxAttempts),
          'lineages not given up': lineage?.status === 'GAVE_UP' ? 0 : 1,
        },
      };
      expectNothingLost(run);
      expect(attempts).toBe(HARD_LIMITS.maxAttempts);
    },
    TIMEOUT_MS,
  );

  it(
    'decides a failure whose 16 KiB reason meets a catastrophically backtracking regex rule',
    async () => {
      const policy = {
        schemaVersion: 1,
        name: 'default',
        rules: [{ onReason: BACKTRACKING, regex: true, action: 'RETRY' }],
        defaultAction: 'EXIT',
      };
      const world = new AwsWorld(41);
      world.install([policy]);
      const event = jobEvent('fargate-resource-initialization-error');
      const container = event.detail.container as { reason: string };
      // Words and spaces the pattern can split every way, then a character it cannot match.
      container.reason = `${'retry '.repeat(2_700)}!`.slice(-16 * 1024);
      clock.set(stoppedAt(event) + 5_000);

      const response = await functions.decide(sqsRecord(event));

      const lineage = await functions.ledger.getLineage(String(event.detail.jobId));
      const timed = FULL_SCALE
        ? timings(await decideEachInput([JSON.stringify(event)], [policy]))
        : undefined;
      const run = {
        key: 'hostile-policies.backtracking-regex',
        check: 'hostile policies, backtracking regex',
        tried: { 'reason characters': container.reason.length },
        lost: { 'failures left undecided': lineage?.decisions.length === 1 ? 0 : 1 },
        ...(timed === undefined ? {} : { timed }),
      };
      expectNothingLost(run);
      expect(response.batchItemFailures).toEqual([]);
    },
    TIMEOUT_MS,
  );
});
