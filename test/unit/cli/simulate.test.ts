import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli as run, tempFile } from '../../helpers/run-cli.js';

const SCENARIOS = 'examples/scenarios';
const POLICIES = 'examples/policies';

interface ScenarioJson {
  name: string;
  outcome: string;
  attempts: number;
  submissions: number;
  alerts: number;
  timeline: { time: string; jobId: string; status: string; decision?: string }[];
}

function scenarioText(overrides: Record<string, unknown>): string {
  const base = JSON.parse(readFileSync(`${SCENARIOS}/spot-reclaim.json`, 'utf8')) as Record<string, unknown>;
  return JSON.stringify({ ...base, ...overrides });
}

describe('batch-retry simulate', () => {
  it('plays the three walkthrough scenarios by default, one timeline and summary each', async () => {
    const { code, stdout, stderr } = await run(['simulate']);

    expect(code).toBe(0);
    expect(stderr).toBe('');
    const screens = stdout.split(/^== /m).slice(1);
    expect(screens.map((s) => s.split(' ')[0])).toEqual([
      'spot-reclaim',
      'random-exit-codes',
      'image-pull-failure',
    ]);
    expect(screens[0]).toMatch(/^TIME +JOB +STATUS +CLASS +DECISION +DELAY +WHAT HAPPENED$/m);
    expect(screens[0]).toMatch(/^\+00:08:35 +[0-9a-f]{8} +FAILED +infrastructure +RETRY +60s +Host EC2/m);
    expect(screens[0]).toMatch(/^Outcome: SUCCEEDED \(2 attempts, 1 resubmission, 0 alerts\)$/m);
    expect(screens[0]).toMatch(
      /^policy +spot-reclaim \(from examples\/policies\/spot-reclaim\.json\), seed 1$/m,
    );
    expect(screens[1]).toMatch(/^Outcome: SUCCEEDED \(3 attempts, 2 resubmissions, 0 alerts\)$/m);
    expect(screens[2]).toMatch(/^Outcome: GAVE_UP \(1 attempt, 0 resubmissions, 1 alert\)$/m);
    expect(screens[2]).toMatch(/^Alert: Gave up on Batch job report-builder/m);
  });

  it('prints {"scenarios": [...]} with the outcome, counts and timeline of each with --json', async () => {
    const { code, stdout } = await run(['simulate', '--json']);

    expect(code).toBe(0);
    const { scenarios } = JSON.parse(stdout) as { scenarios: ScenarioJson[] };
    expect(scenarios.map((s) => [s.name, s.outcome, s.attempts, s.submissions, s.alerts])).toEqual([
      ['spot-reclaim', 'SUCCEEDED', 2, 1, 0],
      ['random-exit-codes', 'SUCCEEDED', 3, 2, 0],
      ['image-pull-failure', 'GAVE_UP', 1, 0, 1],
    ]);
    expect(scenarios[0]?.timeline[1]).toMatchObject({
      time: '+00:08:35',
      status: 'FAILED',
      decision: 'RETRY',
    });
  });

  it('prints the same JSON for the same seed', async () => {
    const args = ['simulate', `${SCENARIOS}/random-exit-codes.json`, '--seed', '21', '--json'];

    const first = await run(args);
    const second = await run(args);

    expect(second.stdout).toBe(first.stdout);
  });

  it('plays every scenario under the policies given with --policy instead of their own', async () => {
    const { code, stdout } = await run([
      'simulate',
      `${SCENARIOS}/spot-reclaim.json`,
      '--policy',
      `${POLICIES}/image-pull-fatal.json`,
      '--policy',
      `${POLICIES}/default.json`,
      '--json',
    ]);

    expect(code).toBe(0);
    const [spot] = (JSON.parse(stdout) as { scenarios: (ScenarioJson & { policy: string })[] }).scenarios;
    expect(spot).toMatchObject({ policy: 'default', outcome: 'SUCCEEDED', submissions: 1 });
  });

  it('says plainly that no policy governed the job, and which policy would, instead of GAVE_UP', async () => {
    const { code, stdout } = await run([
      'simulate',
      `${SCENARIOS}/spot-reclaim.json`,
      '--policy',
      `${POLICIES}/image-pull-fatal.json`,
    ]);

    expect(code).toBe(0);
    expect(stdout).not.toContain('Outcome: GAVE_UP');
    expect(stdout).toMatch(/^Outcome: FAILED, unmanaged \(1 attempt, 0 resubmissions, 0 alerts\)$/m);
    const text = stdout.replace(/\s+/g, ' ');
    expect(text).toContain(
      'No policy governed job nightly-render-0042 (unmanaged), so batch-retry did not act and its failure stands.',
    );
    expect(text).toContain('Loaded: image-pull-fatal (matches job definitions image-pull-*);');
    expect(text).toContain(
      'To play it under a policy, give --policy examples/policies/spot-reclaim.json (the policy this scenario names)',
    );
  });

  it('marks the unmanaged scenario "managed": false in --json, keeping its outcome GAVE_UP', async () => {
    const unmanaged = await run([
      'simulate',
      `${SCENARIOS}/spot-reclaim.json`,
      '--policy',
      `${POLICIES}/image-pull-fatal.json`,
      '--json',
    ]);
    const managed = await run(['simulate', '--json']);

    const [spot] = (JSON.parse(unmanaged.stdout) as { scenarios: ScenarioJson[] }).scenarios;
    expect(spot).toMatchObject({ managed: false, outcome: 'GAVE_UP' });
    const all = (JSON.parse(managed.stdout) as { scenarios: (ScenarioJson & { managed: boolean })[] })
      .scenarios;
    expect(all.map((s) => s.managed)).toEqual([true, true, true]);
  });

  it('exits 2 naming the file and the JSON path of a bad scenario value, and simulates nothing', async () => {
    const bad = tempFile('bad-scenario.json', scenarioText({ attempts: [{ outcome: 'app-exit' }] }));

    const { code, stdout, stderr } = await run(['simulate', bad]);

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      `${bad}: attempts[0].exitCode: is missing; an app-exit attempt needs its exit code`,
    );
  });

  it('exits 2 for a scenario file that is not JSON', async () => {
    const bad = tempFile('broken.json', '{"name": ');

    const { code, stderr } = await run(['simulate', bad]);

    expect(code).toBe(2);
    expect(stderr).toMatch(/^batch-retry simulate: .*broken\.json: is not valid JSON/);
  });

  it('exits 2 for a scenario file that is not there, in the words every command uses', async () => {
    const { code, stderr } = await run(['simulate', '/no/such/scenario.json']);

    expect(code).toBe(2);
    expect(stderr).toBe('batch-retry simulate: /no/such/scenario.json: file not found; check the path\n');
  });

  it('exits 2 when a scenario names no policy and none is given', async () => {
    const { policy: _policy, ...rest } = JSON.parse(scenarioText({})) as Record<string, unknown>;
    const file = tempFile('no-policy.json', JSON.stringify(rest));

    const { code, stderr } = await run(['simulate', file]);

    expect(code).toBe(2);
    expect(stderr).toContain(`${file}: policy: is missing`);
  });

  it('exits 1 for an invalid policy, naming its problem', async () => {
    const policy = tempFile(
      'bad-policy.json',
      JSON.stringify({ schemaVersion: 1, name: 'x', rules: 'none' }),
    );

    const { code, stdout, stderr } = await run([
      'simulate',
      `${SCENARIOS}/spot-reclaim.json`,
      '--policy',
      policy,
    ]);

    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`batch-retry simulate: ${policy}: rules: must be a list (got "none")`);
  });

  it('exits 2 for a seed that is not a whole number', async () => {
    const { code, stderr } = await run(['simulate', '--seed', 'abc']);

    expect(code).toBe(2);
    expect(stderr).toBe(
      'batch-retry simulate: --seed "abc": is not a whole number; give one like --seed 7\n',
    );
  });
});
