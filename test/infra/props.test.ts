import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { PLACEHOLDER_QUEUE, propsFromContext } from '#infra/context.js';
import type { BatchRetryOrchestratorProps } from '#infra/index.js';
import { resolveProps } from '#infra/props.js';

const reject = (props: BatchRetryOrchestratorProps) => () => resolveProps(props);

describe('construct props', () => {
  it('apply the documented defaults', () => {
    expect(resolveProps({ jobQueues: ['q'] })).toMatchObject({
      policyPrefix: '/batch-retry/policies/',
      defaultPolicy: expect.stringContaining('"name": "default"'),
      alertEmails: [],
      maxConcurrentResubmissions: 5,
      logRetention: 30,
      removalPolicy: RemovalPolicy.RETAIN,
      reconcileInterval: Duration.minutes(15),
    });
  });

  it('refuse a conflicting or missing choice of queues, naming the prop', () => {
    expect(reject({ jobQueues: ['q'], allJobQueues: true })).toThrow(
      'prop "jobQueues" cannot be set together with allJobQueues',
    );
    expect(reject({})).toThrow('prop "jobQueues" is empty');
    expect(reject({ jobQueues: ['my queue'] })).toThrow('prop "jobQueues" holds "my queue"');
  });

  it('refuse invalid values, naming the prop and what would be valid', () => {
    expect(reject({ jobQueues: ['q'], policyPrefix: 'policies' })).toThrow(
      'prop "policyPrefix" is "policies": it must start and end with "/"',
    );
    expect(reject({ jobQueues: ['q'], alertEmails: ['ops'] })).toThrow(
      'prop "alertEmails" holds "ops", which is not an email address',
    );
    expect(reject({ jobQueues: ['q'], maxConcurrentResubmissions: 0 })).toThrow(
      'prop "maxConcurrentResubmissions" is 0',
    );
    expect(reject({ jobQueues: ['q'], reconcileInterval: Duration.seconds(30) })).toThrow(
      'prop "reconcileInterval"',
    );
    expect(reject({ jobQueues: ['q'], slackWebhookParameterName: 'a b' })).toThrow(
      'prop "slackWebhookParameterName"',
    );
    expect(reject({ jobQueues: ['q'], jobDefinitions: ['render:3'] })).toThrow(
      'prop "jobDefinitions" holds "render:3"',
    );
  });

  it('refuse a default policy that does not validate, with the problem found', () => {
    expect(reject({ jobQueues: ['q'], defaultPolicy: '{"name":"default"}' })).toThrow(
      /prop "defaultPolicy" is not a valid policy: defaultPolicy: /,
    );
    const renamed = JSON.stringify({ schemaVersion: 1, name: 'other', defaultAction: 'EXIT' });
    expect(reject({ jobQueues: ['q'], defaultPolicy: renamed })).toThrow('its "name" must be "default"');
    expect(resolveProps({ jobQueues: ['q'], defaultPolicy: null }).defaultPolicy).toBeUndefined();
  });
});

describe('the app context values', () => {
  const fromContext = (values: Record<string, string>) => propsFromContext((key) => values[key]);

  it('map -c values to props, lists split on commas', () => {
    const { stackName, props, warnings } = fromContext({
      jobQueues: 'queue-a, queue-b',
      alertEmail: 'ops@example.com,oncall@example.com',
      removalPolicy: 'destroy',
      reconcileIntervalMinutes: '5',
      logRetentionDays: '90',
      maxConcurrentResubmissions: '3',
      sourceMaps: 'true',
      stackName: 'Retry',
    });

    expect(stackName).toBe('Retry');
    expect(warnings).toEqual([]);
    expect(props).toEqual({
      jobQueues: ['queue-a', 'queue-b'],
      alertEmails: ['ops@example.com', 'oncall@example.com'],
      removalPolicy: RemovalPolicy.DESTROY,
      reconcileInterval: Duration.minutes(5),
      logRetention: 90,
      maxConcurrentResubmissions: 3,
      sourceMaps: true,
    });
  });

  it('synthesise on a fresh clone without values, watching a placeholder queue and saying so', () => {
    const { props, warnings } = fromContext({});

    expect(props.jobQueues).toEqual([PLACEHOLDER_QUEUE]);
    expect(warnings[0]).toContain('deploy with -c jobQueues=queue-a,queue-b');
    expect(fromContext({ allJobQueues: 'true' }).props).toEqual({ allJobQueues: true });
  });

  it('refuse values that cannot be props, naming the prop and the context key', () => {
    expect(() => fromContext({ logRetentionDays: '31' })).toThrow(
      'prop "logRetention" (context logRetentionDays) is 31',
    );
    expect(() => fromContext({ removalPolicy: 'keep' })).toThrow('use retain or destroy');
    expect(() => fromContext({ defaultPolicyFile: '/nonexistent.json' })).toThrow(
      'cannot be read from /nonexistent.json',
    );
  });
});
