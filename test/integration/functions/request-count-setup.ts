import { GetParametersByPathCommand } from '@aws-sdk/client-ssm';
import { expect } from 'vitest';
import { requestCountPolicy } from '../../helpers/policies.js';
import { sqsRecord } from '../../helpers/sqs-records.js';
import { clock, type Functions, POLICY_PREFIX, ssmMock } from './harness.js';
import { jobEvent, stoppedAt } from './job-events.js';

/** Serves one policy for spot-queue; with `breaker: false` its breaker is off. */
export function servePolicy(breaker: boolean): void {
  const document = requestCountPolicy('spot', 'spot-queue', breaker);
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

/**
 * The requests of the first alert of a cause in a quiet window: count it, look at the previous
 * window, publish it, add the window to its digest, queue the digest's timer, record both.
 */
export const FIRST_ALERT = {
  dynamodb: ['UpdateItem', 'GetItem', 'UpdateItem', 'UpdateItem', 'UpdateItem'],
  sqs: ['SendMessage'],
  sns: ['Publish'],
};
