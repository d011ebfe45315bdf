import { describe, expect, it } from 'vitest';
import { type AlertLogger, createLogAlertSink } from '#adapters/aws/logs/log-alert-sink.js';
import type { Alert } from '#core/ports/alert.js';

const ALERT: Alert = {
  kind: 'GAVE_UP',
  severity: 'critical',
  title: 'genome-align-chr7 gave up after 3 attempts',
  summary: 'Job fda1131e failed with OutOfMemoryError three times; no retry left. Raise the memory cap.',
  next: 'Raise the memory cap.',
  fingerprint: 'GAVE_UP|spot-queue|resource',
  at: 1_715_676_615_355,
  jobId: 'fda1131e-0431-4268-ae9f-4a7cd6fa0c23',
  failureClass: 'resource',
};

describe('createLogAlertSink', () => {
  it('writes each alert as one warning line with the whole alert under the alert key', async () => {
    const lines: { message: string; extra: Readonly<Record<string, unknown>> }[] = [];
    const logger: AlertLogger = { warn: (message, extra) => lines.push({ message, extra }) };

    await createLogAlertSink(logger).publish(ALERT);

    expect(lines).toEqual([
      { message: 'ALERT GAVE_UP: genome-align-chr7 gave up after 3 attempts', extra: { alert: ALERT } },
    ]);
  });

  it('rejects when the logger fails, so that the caller sees the alert was not written', async () => {
    const logger: AlertLogger = {
      warn: () => {
        throw new Error('stdout closed');
      },
    };

    await expect(createLogAlertSink(logger).publish(ALERT)).rejects.toThrow('stdout closed');
  });
});
