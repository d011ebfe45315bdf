import { describe, expect, it } from 'vitest';
import { SeededRandom } from '#adapters/memory/seeded-random.js';
import { classifyJob } from '#core/classify/classify-job.js';
import { decide } from '#core/decide/decide.js';
import { jobFromFixture } from '../../fixtures/events/job-from-fixture.js';
import { loadedPolicy } from '../../helpers/policies.js';
import { NOW } from './decide-fixtures.js';

describe('decide on an event that lists more attempts than Batch allows', () => {
  it('counts only the ten attempts read, and says so', () => {
    const job = jobFromFixture('application-exit-1', (detail) => {
      const [attempt] = detail.attempts as unknown[];
      detail.attempts = Array.from({ length: 80_000 }, () => structuredClone(attempt));
    });

    const decision = decide({
      job,
      classification: classifyJob(job),
      lineage: undefined,
      policy: loadedPolicy({ defaultAction: 'RETRY', budgets: { total: 50 } }),
      now: NOW,
      random: new SeededRandom(1),
    });

    expect(decision).toMatchObject({ action: 'RETRY', attemptsCounted: 10, childAttempt: 11 });
    expect(decision.explanation).toContain(
      'the event lists 80000 attempts; AWS Batch runs at most 10, so only the last 10 were read and counted',
    );
  });
});
