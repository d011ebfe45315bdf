import { describe, expect, it } from 'vitest';
import { globalConfig } from 'zod/v4/core';
import {
  ledgerEnv,
  notifyEnv,
  policyEnv,
  readFunctionEnv,
  reconcileEnv,
  retriesQueueEnv,
  triggerQueueEnv,
} from '#functions/common/function-env.js';

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

  it('fails the cold start naming every bad variable, in plain words', () => {
    expect(() =>
      readFunctionEnv(
        { ...ledgerEnv(), ...retriesQueueEnv(), ...policyEnv() },
        { RETRIES_QUEUE_URL: 'not a url', POLICY_PREFIX: 'no-slashes', LEDGER_TTL_DAYS: '0' },
      ),
    ).toThrow(
      "the function's environment is not usable: LEDGER_TABLE: is not set; LEDGER_TTL_DAYS: must be at " +
        'least 1; RETRIES_QUEUE_URL: must be a URL; POLICY_PREFIX: must start and end with "/"',
    );
  });

  it("words its messages itself: a bundle that never loads zod's classic schemas has no zod messages", () => {
    const { localeError } = globalConfig;
    globalConfig.localeError = undefined;
    try {
      expect(() =>
        readFunctionEnv(
          { ...reconcileEnv(), ...triggerQueueEnv() },
          {
            EVENTS_QUEUE_URL: 'https://sqs.example/q',
            JOB_QUEUES: '',
            RECONCILE_MAX_JOBS: '1.5',
            MAX_RECEIVE_COUNT: 'x',
          },
        ),
      ).toThrow(
        'JOB_QUEUES: must not be empty; RECONCILE_MAX_JOBS: must be a whole number; MAX_RECEIVE_COUNT: must be a number',
      );
    } finally {
      globalConfig.localeError = localeError;
    }
  });

  it('reads lists of queues and hosts', () => {
    const env = readFunctionEnv(
      { ...reconcileEnv(), ...notifyEnv() },
      {
        EVENTS_QUEUE_URL: 'https://sqs.example/q',
        JOB_QUEUES: ' spot, ,ondemand ',
        SLACK_WEBHOOK_HOSTS: 'hooks.slack.com,',
      },
    );

    expect(env).toMatchObject({ JOB_QUEUES: ['spot', 'ondemand'], SLACK_WEBHOOK_HOSTS: ['hooks.slack.com'] });
    expect(
      readFunctionEnv(reconcileEnv(), { EVENTS_QUEUE_URL: 'https://sqs.example/q', JOB_QUEUES: '*' })
        .JOB_QUEUES,
    ).toBe('all');
  });
});
