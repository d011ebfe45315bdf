import type { ScheduledEvent } from 'aws-lambda';

/**
 * The event the reconcile schedule (an EventBridge rate rule) delivers to the reconcile function,
 * at `time` (the function reads its own clock, not this field).
 */
export function reconcileSchedule(time = '2024-05-14T04:10:00Z'): ScheduledEvent {
  return {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '123456789012',
    time,
    region: 'us-east-1',
    resources: ['arn:aws:events:us-east-1:123456789012:rule/batch-retry-reconcile'],
    detail: {},
  };
}
