import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { eventFixtureText, loadEventFixture } from '../../fixtures/events/load-fixture.js';
import { runCli as run } from '../../helpers/run-cli.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../../fixtures/events/${name}.json`, import.meta.url));
const example = (name: string) =>
  fileURLToPath(new URL(`../../../examples/events/${name}.json`, import.meta.url));

describe('batch-retry normalise', () => {
  it('prints one readable line per example event and exits 0', async () => {
    const names = ['ec2-spot-host-terminated', 'ec2-out-of-memory-137', 'succeeded'];

    const { code, stdout, stderr } = await run(['normalise', ...names.map(example)]);

    expect(code).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('FAILED  EC2  nightly-etl-orders');
    expect(lines[0]).toContain(
      '#1 no exit code, status reason "Host EC2 (instance i-0123456789abcdef0) terminated."',
    );
    expect(lines[1]).toContain(
      '#1 exit 137, reason "OutOfMemoryError: Container killed due to memory usage"',
    );
    expect(lines[2]).toMatch(/SUCCEEDED {2}EC2 .* #1 exit 0/);
  });

  it('names the deciding container, the array index and the node in the readable line', async () => {
    const { stdout } = await run([
      'normalise',
      fixture('ecs-multi-container-failed'),
      fixture('array-child-failed'),
      fixture('multi-node-main-failed'),
    ]);

    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toContain('#1 container app exit 2');
    expect(lines[1]).toContain('array child 7');
    expect(lines[2]).toContain('node 0 (main)');
  });

  it('prints one JSON object per event with --json, without the raw detail', async () => {
    const raw = loadEventFixture('eks-oom-killed');

    const { code, stdout } = await run(['normalise', '--json', fixture('eks-oom-killed')]);

    expect(code).toBe(0);
    const printed = JSON.parse(stdout) as Record<string, unknown>;
    expect(printed).toMatchObject({
      source: fixture('eks-oom-killed'),
      jobId: raw.detail.jobId,
      platform: 'EKS',
      attempts: [{ source: 'eksAttempts', exitCode: 137, containerReason: 'OOMKilled' }],
    });
    expect(printed).not.toHaveProperty('detail');
  });

  it('reads JSON lines from stdin when the input is -', async () => {
    const lines = ['application-exit-1', 'application-exit-2']
      .map((name) => JSON.stringify(JSON.parse(eventFixtureText(name))))
      .join('\n');

    const { code, stdout } = await run(['normalise', '-'], lines);

    expect(code).toBe(0);
    expect(stdout).toMatch(/^stdin#0 {2}FAILED {2}EC2 /);
    expect(stdout).toMatch(/\nstdin#1 {2}FAILED {2}FARGATE /);
  });

  it('exits 2 and names each bad input on stderr, still printing the good ones', async () => {
    const { code, stdout, stderr } = await run(
      ['normalise', '/no/such/file.json', '-', fixture('succeeded')],
      '{"detail-type": "Batch Job State Change", "source": "aws.batch", "detail": {"jobName": "x"}}',
    );

    expect(code).toBe(2);
    expect(stdout).toContain('SUCCEEDED');
    expect(stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain('batch-retry normalise: /no/such/file.json: file not found; check the path\n');
    expect(stderr).toContain('batch-retry normalise: stdin: detail.jobId: is missing');
    expect(stderr).toContain('batch-retry normalise: stdin: detail.status: is missing');
    expect(stderr).toContain(
      'batch-retry normalise: 2 of 3 events or inputs could not be read; fix or remove them and run again\n',
    );
  });

  it('is listed in --help', async () => {
    const { stdout } = await run(['--help']);

    expect(stdout).toMatch(/normalise \[options\] <inputs\.\.\.>/);
  });
});
