import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Figure, Measurement } from '../figure.js';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url);
const WORKLOAD = 'examples/workloads/registry-storm.json';
const POLICY = 'examples/policies/recommended.json';
/** Most messages per channel for the whole storm: one per aggregation window and cause, not one per job. */
const MESSAGES_TARGET = 10;
/** The simulated resubmit cap (DEFAULT_RESUBMITS_PER_SECOND): the storm must not exceed it. */
const SUBMIT_RATE_TARGET = 10;

interface StormRun {
  readonly metrics: {
    readonly jobs: number;
    readonly recoverableLost: number;
    readonly submissions: number;
    readonly alertsByKind: Readonly<Record<string, number>>;
    readonly messages: { readonly sns: number; readonly slack: number };
    readonly peakResubmitsPerSecond: number;
  };
}

/**
 * 5. Storm: the registry-storm workload (10,000 jobs, a 20-minute registry outage) under the
 * recommended policy, as `batch-retry simulate --workload ... --output json` runs it: messages per
 * alert channel (after aggregation), the peak SubmitJob rate, recoverable jobs lost, and duplicate
 * submissions (DUPLICATE_CHILD alerts, which every duplicate raises).
 */
export const storm: Figure = {
  id: 'storm',
  title: '5. Storm, registry outage over 10,000 jobs',
  async measure() {
    const args = ['bin/batch-retry.js', 'simulate', '--workload', WORKLOAD, '--policy', POLICY];
    const { stdout } = await run(process.execPath, [...args, '--output', 'json'], {
      cwd: ROOT,
      maxBuffer: 64 * 2 ** 20,
    });
    const { metrics } = JSON.parse(stdout) as StormRun;
    const command = `npx batch-retry simulate --workload ${WORKLOAD} --policy ${POLICY}`;
    const rows: Measurement[] = [
      {
        key: 'storm.messages.sns',
        label: 'messages to SNS',
        value: metrics.messages.sns,
        unit: 'messages',
        target: { op: '<=', bound: MESSAGES_TARGET },
        note: `${metrics.jobs.toLocaleString('en-US')} jobs, ${metrics.submissions.toLocaleString('en-US')} submissions; ${command}`,
      },
      {
        key: 'storm.messages.slack',
        label: 'messages to Slack',
        value: metrics.messages.slack,
        unit: 'messages',
        target: { op: '<=', bound: MESSAGES_TARGET },
      },
      {
        key: 'storm.peak-submit-rate',
        label: 'peak SubmitJob rate',
        value: metrics.peakResubmitsPerSecond,
        unit: 'per second',
        target: { op: '<=', bound: SUBMIT_RATE_TARGET },
      },
      {
        key: 'storm.recoverable-lost',
        label: 'recoverable jobs lost',
        value: metrics.recoverableLost,
        unit: 'jobs',
        target: { op: '==', bound: 0 },
      },
      {
        key: 'storm.duplicate-submissions',
        label: 'duplicate submissions',
        value: metrics.alertsByKind.DUPLICATE_CHILD ?? 0,
        unit: 'jobs',
        target: { op: '==', bound: 0 },
      },
    ];
    return rows;
  },
};
