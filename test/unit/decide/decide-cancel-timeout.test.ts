import { describe, expect, it } from 'vitest';
import { SeededRandom } from '#adapters/memory/seeded-random.js';
import { classifyJob } from '#core/classify/classify-job.js';
import { decide } from '#core/decide/decide.js';
import { parseEvent } from '#core/events/parse.js';
import type { LoadedPolicy } from '#core/policy/select.js';
import { loadEventFixture } from '../../fixtures/events/load-fixture.js';
import { loadedPolicy } from '../../helpers/policies.js';

/** decide() on a fixture's first failure, judged at the event's own stop time. */
function decideFixture(fixture: string, policy: LoadedPolicy) {
  const job = parseEvent(loadEventFixture(fixture), fixture);
  return decide({
    job,
    classification: classifyJob(job),
    lineage: undefined,
    policy,
    now: job.stoppedAt ?? job.createdAt ?? 0,
    random: new SeededRandom(1),
  });
}

/** What `batch-retry policy import` makes of `{"attempts": 3}`: Batch semantics, no match means RETRY. */
const imported = loadedPolicy({ retryStrategy: { attempts: 3 } });
const retryEverything = loadedPolicy({ defaultAction: 'RETRY', budgets: { total: 5 } });

describe('decide: cancels and timeouts', () => {
  it.each(['cancelled-by-operator', 'terminated-by-operator-running'])(
    'never undoes an operator cancel (%s) when only defaultAction says RETRY',
    (fixture) => {
      const decision = decideFixture(fixture, retryEverything);

      expect(decision.action).toBe('EXIT');
      expect(decision.action === 'EXIT' && decision.reason).toContain(
        'does not undo that unless a rule says so',
      );
    },
  );

  it('retries a cancelled job when a rule asks for it explicitly', () => {
    const policy = loadedPolicy({
      defaultAction: 'EXIT',
      budgets: { total: 5 },
      rules: [{ onClass: 'cancelled', action: 'RETRY' }],
    });

    expect(decideFixture('cancelled-by-operator', policy).action).toBe('RETRY');
  });

  it.each(['cancelled-by-operator', 'attempt-timeout'])(
    'gives up on %s under a policy imported from a native retryStrategy, as AWS Batch would',
    (fixture) => {
      const decision = decideFixture(fixture, imported);

      expect(decision.action).toBe('EXIT');
      expect(decision.action === 'EXIT' && decision.reason).toContain('AWS Batch never retries');
    },
  );

  it('still retries an application failure under the imported policy (no rule matched: RETRY)', () => {
    expect(decideFixture('application-exit-1', imported).action).toBe('RETRY');
  });

  it('retries a timeout under a policy that is not batchCompatible and says so', () => {
    expect(decideFixture('attempt-timeout', retryEverything).action).toBe('RETRY');
  });
});

describe('decide: a pasted native retryStrategy', () => {
  /** The example of the AWS Batch user guide: retry a lost host, exit for any other reason. */
  const documented = loadedPolicy({
    retryStrategy: {
      attempts: 4,
      evaluateOnExit: [
        { onStatusReason: 'Host EC2*', action: 'RETRY' },
        { onReason: '*', action: 'EXIT' },
      ],
    },
  });

  it('retries a lost host', () => {
    expect(decideFixture('ec2-spot-host-terminated', documented).action).toBe('RETRY');
  });

  it('exits for any other reason, also when the container gave no reason', () => {
    expect(decideFixture('application-exit-1', documented).action).toBe('EXIT');
  });
});
