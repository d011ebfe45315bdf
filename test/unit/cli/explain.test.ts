import { describe, expect, it } from 'vitest';
import { loadEventFixture } from '../../fixtures/events/load-fixture.js';
import { runCli, tempFile } from '../../helpers/run-cli.js';

const PRODUCTION = 'examples/policies/production.json';

/** A fixture event tagged to use the production example policy. */
function taggedEvent(fixture: string): string {
  const event = loadEventFixture(fixture);
  const detail = event.detail as { tags?: Record<string, string> };
  detail.tags = { ...detail.tags, 'batch-retry:policy': 'production' };
  return tempFile(`${fixture}.json`, JSON.stringify(event));
}

describe('batch-retry explain', () => {
  it('shows the class, the policy and why, the decision and the SubmitJob request for a retry', async () => {
    const { code, stdout } = await runCli([
      'explain',
      taggedEvent('ec2-out-of-memory-137'),
      '--policy',
      PRODUCTION,
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('Class      resource');
    expect(stdout).toContain('Cause      out-of-memory (not transient)');
    expect(stdout).toContain(
      'Policy     production v1, because the job is tagged batch-retry:policy=production',
    );
    expect(stdout).toMatch(/Decision {3}RETRY in \d+ s .* as attempt 2, with 16384 MiB/);
    expect(stdout).toContain('"batch-retry:parent-job-id": "fda1131e-0431-4268-ae9f-4a7cd6fa0c23"');
  });

  it('explains a give-up without a SubmitJob request', async () => {
    const { code, stdout } = await runCli([
      'explain',
      taggedEvent('ec2-cannot-pull-container'),
      '--policy',
      PRODUCTION,
      '--json',
    ]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as {
      decision: { action: string; reason: string };
      submitJobRequest: unknown;
    };
    expect(out.decision.action).toBe('EXIT');
    expect(out.decision.reason).toContain('no retry fixes it');
    expect(out.submitJobRequest).toBeNull();
  });

  it('says the job would be ignored when no policy is given', async () => {
    const { code, stdout } = await runCli(['explain', 'test/fixtures/events/application-exit-1.json']);
    expect(code).toBe(0);
    expect(stdout).toContain('IGNORE: no policy was given (--policy <file>)');
  });

  it('is the same decision for the same seed', async () => {
    const args = ['explain', taggedEvent('ec2-spot-host-terminated'), '--policy', PRODUCTION, '--json'];
    const first = await runCli([...args, '--seed', '7']);
    const second = await runCli([...args, '--seed', '7']);
    expect(first.stdout).toBe(second.stdout);
  });

  it('exits 1 and names the path of the problem when a policy is invalid', async () => {
    const bad = tempFile(
      'bad.json',
      JSON.stringify({ schemaVersion: 1, name: 'bad', budgets: { total: 0 } }),
    );
    const { code, stderr } = await runCli([
      'explain',
      'test/fixtures/events/application-exit-1.json',
      '--policy',
      bad,
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain(`batch-retry explain: ${bad}: budgets.total: must be at least 1`);
    expect(stderr).toContain(
      `Nothing was explained. To go on, fix the policy (\`batch-retry policy validate ${bad}\``,
    );
  });

  it('exits 2 when the event file is not an event', async () => {
    const { code, stderr } = await runCli(['explain', tempFile('x.json', '{"hello": 1}')]);
    expect(code).toBe(2);
    expect(stderr).toContain('detail-type');
    expect(stderr).toContain('batch-retry explain: 1 of 1 events or inputs could not be explained');
  });

  it('reads the event from stdin when the input is -', async () => {
    const event = JSON.stringify(loadEventFixture('application-exit-1'));

    const { code, stdout } = await runCli(['explain', '-', '--json'], event);

    expect(code).toBe(0);
    expect(JSON.parse(stdout.trim())).toMatchObject({ source: 'stdin' });
  });

  it('takes --policy before or after the event: option order does not matter', async () => {
    const event = 'test/fixtures/events/ec2-spot-host-terminated.json';
    const policy = 'examples/policies/spot-reclaim.json';

    const before = await runCli(['explain', '--policy', policy, event]);
    const after = await runCli(['explain', event, '--policy', policy]);

    expect(before.code).toBe(0);
    expect(before.stdout).toContain('Policy     spot-reclaim v1');
    expect(after.stdout).toBe(before.stdout);
  });

  it('explains every event of a folder, as every command reads folders', async () => {
    const { code, stdout } = await runCli(['explain', 'examples/events', '--output', 'json']);

    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n').length).toBeGreaterThan(3);
  });

  it.each([['x'], ['1.5'], ['']])('refuses --seed %j as simulate and compare do, exit 2', async (seed) => {
    const explain = await runCli(['explain', 'test/fixtures/events/application-exit-1.json', '--seed', seed]);
    const simulate = await runCli(['simulate', '--seed', seed]);

    expect(explain.code).toBe(2);
    expect(explain.stderr).toBe(
      `batch-retry explain: --seed ${JSON.stringify(seed)}: is not a whole number; give one like --seed 7\n`,
    );
    expect(simulate.stderr).toBe(explain.stderr.replace('explain', 'simulate'));
  });
});

describe('batch-retry explain and environment values', () => {
  /** The OOM fixture with a secret a job was given in plain text. */
  function withSecret(): string {
    const event = loadEventFixture('ec2-out-of-memory-137');
    const detail = event.detail as { tags?: Record<string, string>; container: { environment?: unknown[] } };
    detail.tags = { ...detail.tags, 'batch-retry:policy': 'production' };
    detail.container.environment = [{ name: 'DB_PASSWORD', value: 'hunter2' }];
    return tempFile('with-secret.json', JSON.stringify(event));
  }

  it('masks the values of environment variables in the request it prints, names kept', async () => {
    const { code, stdout } = await runCli(['explain', withSecret(), '--policy', PRODUCTION]);

    expect(code).toBe(0);
    expect(stdout).toContain('"name": "DB_PASSWORD"');
    expect(stdout).toContain('"value": "****"');
    expect(stdout).not.toContain('hunter2');
  });

  it('shows them when asked with --show-environment', async () => {
    const { stdout } = await runCli([
      'explain',
      withSecret(),
      '--policy',
      PRODUCTION,
      '--show-environment',
      '--json',
    ]);

    expect(stdout).toContain('hunter2');
  });

  it('links the job and its log stream in the AWS console, in text and in JSON', async () => {
    const event = taggedEvent('ec2-spot-host-terminated');

    const text = await runCli(['explain', event, '--policy', PRODUCTION]);
    const json = await runCli(['explain', event, '--policy', PRODUCTION, '--json']);

    expect(text.stdout).toContain(
      'Console    https://us-east-1.console.aws.amazon.com/batch/home?region=us-east-1#jobs/detail/b5d735c5-521b-46c3-9a71-94ec885ffb05',
    );
    expect(text.stdout).toMatch(
      /Logs {7}https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudwatch\/.*log-events\//,
    );
    const links = (JSON.parse(json.stdout) as { links: { job: string; logs: string } }).links;
    expect(links.job).toContain('#jobs/detail/b5d735c5-521b-46c3-9a71-94ec885ffb05');
    expect(links.logs).toContain('#logsV2:log-groups/log-group/$252Faws$252Fbatch$252Fjob/log-events/');
  });
});
