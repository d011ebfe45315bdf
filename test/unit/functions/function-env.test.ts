import { describe, expect, it } from 'vitest';
import { ledgerEnv, policyEnv, readFunctionEnv, retriesQueueEnv } from '#functions/common/function-env.js';

const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/batch-retry-retries';

describe('readFunctionEnv', () => {
  it('reads the variables a function names, with their defaults', () => {
    const env = readFunctionEnv(
      { ...ledgerEnv(), ...retriesQueueEnv(), ...policyEnv() },
      { LEDGER_TABLE: 'batch-retry-ledger', RETRIES_QUEUE_URL: QUEUE },
    );

    expect(env).toEqual({
      LEDGER_TABLE: 'batch-retry-ledger',
      LEDGER_TTL_DAYS: 30,
      RETRIES_QUEUE_URL: QUEUE,
      POLICY_PREFIX: '/batch-retry/policies/',
      POLICY_CACHE_SECONDS: 60,
    });
  });

  it('does not ask a function for variables it does not use', () => {
    expect(() => readFunctionEnv(ledgerEnv(), { LEDGER_TABLE: 'batch-retry-ledger' })).not.toThrow();
  });

  it('fails the cold start naming every bad variable', () => {
    expect(() =>
      readFunctionEnv(
        { ...ledgerEnv(), ...retriesQueueEnv(), ...policyEnv() },
        { RETRIES_QUEUE_URL: 'not a url', POLICY_PREFIX: 'no-slashes', LEDGER_TTL_DAYS: '0' },
      ),
    ).toThrow(/LEDGER_TABLE: .*RETRIES_QUEUE_URL: .*POLICY_PREFIX: must start and end with "\/"/s);
  });
});
