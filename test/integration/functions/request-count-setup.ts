import { GetParametersByPathCommand } from '@aws-sdk/client-ssm';
import { expect } from 'vitest';
import { sqsRecord } from '../../helpers/sqs-records.js';
import { clock, type Functions, POLICY_PREFIX, ssmMock } from './harness.js';
import { jobEvent, stoppedAt } from './job-events.js';

/** Serves one policy for spot-queue; with `breaker: false` its breaker is off. */
export function servePolicy(breaker: boolean): void {
  const document = {
    schemaVersion: 1,
    name: 'spot',
    match: { queues: ['spot-queue'] },
    rules: [
      { onClass: 'infrastructure', action: 'RETRY' },
      { onExitCode: '3', action: 'EXIT' },
    ],
    defaultAction: 'RETRY',
    backoff: { strategy: 'fixed', baseSeconds: 60, jitter: 'none' },
    ...(breaker ? {} : { breaker: { enabled: false } }),
  };
  ssmMock.on(GetParametersByPathCommand).resolves({
    Parameters: [
      { Name: `${POLICY_PREFIX}spot`, Type: 'String', Value: JSON.stringify(document), Version: 1 },
    ],
  });
}

/** Warms the decide container (a failure no policy governs: SSM is read once), then forgets what that cost. */
export async function warmUp(functions: Functions): Promise<void> {
  const unmanaged = jobEvent('application-exit-1', {
    jobId: 'f0f0f0f0-0000-4000-8000-000000000001',
    jobQueue: 'other-queue',
  });
  clock.set(stoppedAt(unmanaged));
  await functions.decide(sqsRecord(unmanaged));
  expect(functions.takeRequests().ssm).toEqual(['GetParametersByPath']);
}
