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
    const result = JSON.parse(stdout) as Record<'native' | 'policy', Record<string, number>>;
    expect(Object.keys(result)).toEqual(['native', 'policy']);
    for (const side of [result.native, result.policy])
      expect(Object.keys(side)).toEqual(expect.arrayContaining(METRIC_KEYS));
    expect(result.native.jobs).toBe(2000);
    expect(result.policy.successRate).toBeGreaterThan(result.native.successRate ?? 1);
    expect(result.native.alerts).toBe(0);
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
    expect(stdout.match(/^Verdict: .*\.$/gm)).toHaveLength(1);
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

  it('warns when the policy selects none of the workload jobs', async () => {
    const workload = workloadFile({ jobs: 100, queues: { spot: 'other-spot', onDemand: 'other-ondemand' } });

    const { code, stdout } = await run(['compare', '--workload', workload, '--policy', PRODUCTION]);

    expect(code).toBe(0);
    expect(stdout).toMatch(/^Warning: \d+ failed jobs were ignored by batch-retry/m);
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
