import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli as run, tempFile } from '../../helpers/run-cli.js';

const SPOT_HEAVY = 'examples/workloads/spot-heavy.json';
const PRODUCTION = 'examples/policies/production.json';
const METRIC_KEYS = [
  'successRate',
  'attempts',
  'computeHours',
  'wastedComputeHours',
  'cost',
  'alerts',
  'p50TimeToSuccessMinutes',
  'p95TimeToSuccessMinutes',
];

function workloadFile(overrides: Record<string, unknown>): string {
  const base = JSON.parse(readFileSync(SPOT_HEAVY, 'utf8')) as Record<string, unknown>;
  return tempFile('workload.json', JSON.stringify({ ...base, ...overrides }));
}

describe('batch-retry compare', () => {
  it('shows the production policy above native retries on the spot-heavy workload, within seconds', async () => {
    const started = performance.now();

    const { code, stdout, stderr } = await run([
      'compare',
      '--workload',
      SPOT_HEAVY,
      '--policy',
      PRODUCTION,
      '--json',
    ]);

    const seconds = (performance.now() - started) / 1000;
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const result = JSON.parse(stdout) as Record<'native' | 'policy' | 'comparison', Record<string, number>>;
    expect(Object.keys(result)).toEqual(['native', 'policy', 'comparison']);
    for (const side of [result.native, result.policy])
      expect(Object.keys(side)).toEqual(expect.arrayContaining(METRIC_KEYS));
    expect(result.native.jobs).toBe(2000);
    expect(result.policy.successRate).toBeGreaterThan(result.native.successRate ?? 1);
    expect(result.native.alerts).toBe(0);
    expect(result.policy.recoverableLost).toBeLessThan(result.native.recoverableLost ?? 0);
    expect(result.policy.unrecoverable).toBe(result.native.unrecoverable);
    expect(result.comparison).toEqual({
      recoverableLossRatio: (result.policy.recoverableLost ?? 0) / (result.native.recoverableLost ?? 1),
      costRatio: (result.policy.cost ?? 0) / (result.native.cost ?? 1),
      costPerSuccessRatio:
        (result.policy.cost ?? 0) /
        (result.policy.succeeded ?? 1) /
        ((result.native.cost ?? 0) / (result.native.succeeded ?? 1)),
    });
    expect(seconds).toBeLessThan(8);
  });

  it('prints a side-by-side table and a one-line verdict', async () => {
    const workload = workloadFile({ jobs: 300 });

    const { code, stdout } = await run(['compare', '--workload', workload, '--policy', PRODUCTION]);

    expect(code).toBe(0);
    expect(stdout).toMatch(/^ +NATIVE +POLICY$/m);
    for (const label of [
      'success rate',
      'attempts',
      'compute hours',
      'wasted compute hours',
      'cost \\(USD\\)',
      'alerts',
      'p50 time to success',
      'p95 time to success',
    ]) {
      expect(stdout).toMatch(new RegExp(`^${label} +\\S`, 'm'));
    }
    expect(stdout).toMatch(/^native +every job submitted with retryStrategy \{"attempts":3\}$/m);
    expect(stdout).toMatch(/^lost, could have succeeded +\d+ +\d+$/m);
    expect(stdout).toMatch(/^alerts raised +0 +\d+ \(\d+ gave up(, \d+ breaker (openings?|closings?))*\)$/m);
    expect(stdout).toMatch(/^messages sent \(SNS \/ Slack\) +0 \/ 0 +\d+ \/ \d+$/m);
    expect(stdout).toMatch(/^Recoverable losses, policy \/ native: \d+ \/ \d+ = \d+\.\d\d$/m);
    expect(stdout).toMatch(
      /^Cost, policy \/ native: \$\d+\.\d\d \/ \$\d+\.\d\d = \d+\.\d\dx; per succeeded job \d+\.\d\dx$/m,
    );
    expect(stdout).toMatch(/^cost per succeeded job \(USD\) +\$\d+\.\d{4} +\$\d+\.\d{4}$/m);
    expect(stdout.match(/^Verdict: .*\.$/gm)).toHaveLength(1);
  });

  it('says the policy costs the same when both runs are identical, not "$0.00 less (-0.0%)"', async () => {
    const workload = workloadFile({ jobs: 50, failures: {} });

    const { code, stdout } = await run(['compare', '--workload', workload, '--policy', PRODUCTION]);

    expect(code).toBe(0);
    expect(stdout).toContain(
      'Verdict: both finish the same jobs (100.0% vs 100.0% success); the policy costs the same, with the same wasted compute hours.',
    );
  });

  it('uses the native retryStrategy given with --native, bare or inside a job definition', async () => {
    const workload = workloadFile({ jobs: 200 });
    const once = tempFile('native.json', JSON.stringify({ retryStrategy: { attempts: 1 } }));

    const { code, stdout } = await run([
      'compare',
      '--workload',
      workload,
      '--policy',
      PRODUCTION,
      '--native',
      once,
      '--json',
    ]);

    expect(code).toBe(0);
    const { native } = JSON.parse(stdout) as { native: { attempts: number; jobs: number } };
    expect(native.attempts).toBe(native.jobs);
  });

  it('exits 1 with a warning and no verdict when no policy governs the workload jobs', async () => {
    const workload = workloadFile({ jobs: 100, queues: { spot: 'other-spot', onDemand: 'other-ondemand' } });

    const { code, stdout, stderr } = await run(['compare', '--workload', workload, '--policy', PRODUCTION]);

    expect(code).toBe(1);
    expect(stdout).toMatch(/^ +NATIVE +POLICY$/m);
    expect(stdout).not.toContain('Verdict');
    expect(stderr).toMatch(
      /^batch-retry compare: .*production\.json: governs no job of workload spot-heavy: batch-retry ignored all \d+ failed jobs/,
    );
    expect(stderr).toContain('queue other-spot, tags {"env":"production"}');
  });

  it('exits 2 naming the file and the JSON path of a bad workload value', async () => {
    const workload = workloadFile({ jobs: 0 });

    const { code, stdout, stderr } = await run(['compare', '--workload', workload, '--policy', PRODUCTION]);

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `batch-retry compare: ${workload}: jobs: is number 0: must be at least 1\n` +
        'batch-retry compare: Nothing was simulated. Fix the file (see docs/simulator.md) and run again.\n',
    );
  });

  it('exits 2 for a native retryStrategy Batch would refuse', async () => {
    const native = tempFile('native.json', JSON.stringify({ attempts: 11 }));

    const { code, stderr } = await run([
      'compare',
      '--workload',
      SPOT_HEAVY,
      '--policy',
      PRODUCTION,
      '--native',
      native,
    ]);

    expect(code).toBe(2);
    expect(stderr).toContain(`${native}: attempts:`);
  });

  it('exits 1 for an invalid policy', async () => {
    const policy = tempFile('bad-policy.json', '{"schemaVersion": 1}');

    const { code, stderr } = await run(['compare', '--workload', SPOT_HEAVY, '--policy', policy]);

    expect(code).toBe(1);
    expect(stderr).toContain(`batch-retry compare: ${policy}: name: is required (a string)`);
    expect(stderr).toContain('batch-retry compare: Nothing was simulated.');
  });

  it('exits 2 when --workload is missing', async () => {
    const { code, stderr } = await run(['compare', '--policy', PRODUCTION]);

    expect(code).toBe(2);
    expect(stderr).toContain("required option '--workload <file>' not specified");
  });

  it('exits 2 when no --policy is given, rather than comparing against no policy at all', async () => {
    const { code, stdout, stderr } = await run(['compare', '--workload', SPOT_HEAVY]);

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain("required option '--policy <file>' not specified");
  });
});
