import { describe, expect, it } from 'vitest';
import { createDynamoDbAlertWindows } from '#adapters/aws/dynamodb/index.js';
import {
  CollectingAlerts,
  InMemoryAlertWindows,
  RecordingDelayQueue,
  VirtualClock,
} from '#adapters/memory/index.js';
import { AlertGate, type DigestMessage } from '#core/alerts/index.js';
import type { Alert, AlertPort } from '#core/ports/index.js';
import { silentLog } from '#core/ports/index.js';
import { useDynalite } from '../../helpers/dynalite.js';
import { describeAlertGateContract } from './alert-gate-contract.js';

const db = useDynalite('alert-windows');

describeAlertGateContract('InMemoryAlertWindows', async () => new InMemoryAlertWindows());
describeAlertGateContract('DynamoDB alert windows on dynalite', async () =>
  createDynamoDbAlertWindows({ client: db.client, tableName: await db.freshTable() }),
);

describe('the alert gate under concurrency and failure (DynamoDB)', () => {
  const alert = (jobId: string): Alert => ({
    kind: 'GAVE_UP',
    severity: 'critical',
    title: 'Gave up',
    summary: 'Gave up.',
    next: 'Look.',
    fingerprint: 'GAVE_UP|middleware|q|d|cause:x',
    at: Date.UTC(2026, 11, 5, 10),
    jobId,
    delivery: { aggregateSeconds: 600, channels: ['sns'] },
  });

  it('sends exactly one alert at once when 20 of one cause arrive together, and counts the other 19', async () => {
    const channel = new CollectingAlerts();
    const timers = new RecordingDelayQueue<DigestMessage>();
    const windows = createDynamoDbAlertWindows({ client: db.client, tableName: await db.freshTable() });
    const gate = new AlertGate({
      channel,
      windows,
      timers,
      clock: new VirtualClock(Date.UTC(2026, 11, 5, 10, 0, 1)),
      log: silentLog,
    });

    await Promise.all(Array.from({ length: 20 }, (_, i) => gate.publish(alert(`job-${i}`))));

    expect(channel.alerts).toHaveLength(1);
    const claim = await windows.claimDigest(
      '600|sns',
      Date.UTC(2026, 11, 5, 10),
      Date.UTC(2026, 11, 5, 10, 11),
      60_000,
    );
    expect(claim).toMatchObject({ kind: 'claimed', windows: [{ count: 20, leadSent: true }] });
  });

  it('sends the alert on its own when the windows cannot be counted (the table is unreachable)', async () => {
    const channel = new CollectingAlerts();
    const broken = createDynamoDbAlertWindows({ client: db.client, tableName: 'no-such-table' });
    const gate = new AlertGate({
      channel: channel as AlertPort,
      windows: broken,
      timers: new RecordingDelayQueue<DigestMessage>(),
      clock: new VirtualClock(),
      log: silentLog,
    });

    await gate.publish(alert('job-1'));
    await gate.publish(alert('job-2'));

    expect(channel.alerts.map((a) => a.jobId)).toEqual(['job-1', 'job-2']);
  });
});
