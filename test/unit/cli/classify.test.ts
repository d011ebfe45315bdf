import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { eventFixtureText, loadEventFixture } from '../../fixtures/events/load-fixture.js';
import { runCli as run, tempFile } from '../../helpers/run-cli.js';

const FIXTURES = 'test/fixtures/events';

describe('batch-retry classify', () => {
  it('prints a table row per event with its class and evidence', async () => {
    const { code, stdout, stderr } = await run([
      'classify',
      `${FIXTURES}/ec2-out-of-memory-137.json`,
      `${FIXTURES}/array-parent-failed.json`,
    ]);

    expect(code).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SOURCE +JOB ID +STATUS +CLASS +CAUSE +DERIVED +EVIDENCE$/);
    expect(lines[1]).toMatch(
      /ec2-out-of-memory-137\.json .* FAILED +resource +out-of-memory +no +attempt 1 container\.reason: "OutOfMemoryError/,
    );
    expect(lines[2]).toMatch(
      /array-parent-failed\.json .* dependency +dependency-failed +yes +job\.statusReason: "Array Child Job failed"/,
    );
    expect(lines).toHaveLength(3);
  });

  it('prints one JSON object per line with --json', async () => {
    const { code, stdout } = await run([
      'classify',
      '--json',
      `${FIXTURES}/native-attempts-mixed-causes.json`,
    ]);

    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const object = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(Object.keys(object)).toEqual([
      'source',
      'jobId',
      'status',
      'class',
      'derived',
      'attempts',
      'evidence',
    ]);
    expect(object).toEqual({
      source: `${FIXTURES}/native-attempts-mixed-causes.json`,
      jobId: 'ad249227-8159-40df-93da-129226162ea2',
      status: 'FAILED',
      class: 'application',
      derived: false,
      attempts: [
        {
          class: 'infrastructure',
          evidence: {
            field: 'attempt.statusReason',
            pattern: 'Host EC2 (instance *) terminated*',
            text: 'Host EC2 (instance i-0123456789abcdef0) terminated.',
            cause: 'host-lost',
            transient: true,
          },
        },
        {
          class: 'application',
          evidence: {
            field: 'container.exitCode',
            pattern: 'non-zero exit code without a platform reason',
            text: '1',
            cause: 'exit-code',
            transient: false,
          },
        },
      ],
      evidence: {
        field: 'container.exitCode',
        pattern: 'non-zero exit code without a platform reason',
        text: '1',
        cause: 'exit-code',
        transient: false,
      },
    });
  });

  it.each([
    [
      'cancelled-by-operator',
      'cancelled',
      'not a reason AWS writes (CancelJob/TerminateJob free text)',
      'Cancelled by on-call: bad input file',
    ],
    ['dependency-failed', 'dependency', 'Dependent Job failed*', 'Dependent Job failed'],
    ['array-parent-failed', 'dependency', 'Array Child Job failed*', 'Array Child Job failed'],
  ])(
    'prints the job-level evidence of %s, a job that never ran, with --json',
    async (fixture, cls, pattern, text) => {
      const { code, stdout } = await run(['classify', '--json', `${FIXTURES}/${fixture}.json`]);

      expect(code).toBe(0);
      expect(JSON.parse(stdout.trim())).toMatchObject({
        class: cls,
        attempts: [],
        evidence: { field: 'job.statusReason', pattern, text },
      });
    },
  );

  it('reads a JSON array of events from standard input and numbers the sources', async () => {
    const events = [loadEventFixture('attempt-timeout'), loadEventFixture('succeeded')];

    const { code, stdout } = await run(['classify', '--json', '-'], JSON.stringify(events));

    expect(code).toBe(0);
    const objects = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { source: string; class: string });
    expect(objects.map((o) => [o.source, o.class])).toEqual([
      ['stdin#0', 'timeout'],
      ['stdin#1', 'none'],
    ]);
  });

  it('reads JSON lines from a file', async () => {
    const path = tempFile(
      'events.jsonl',
      `${eventFixtureText('fargate-spot-interruption').replace(/\n\s*/g, '')}\n${eventFixtureText('dependency-failed').replace(/\n\s*/g, '')}\n`,
    );

    const { code, stdout } = await run(['classify', '--json', path]);

    expect(code).toBe(0);
    expect(
      stdout
        .trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as { class: string }).class),
    ).toEqual(['infrastructure', 'dependency']);
  });

  it('exits 2 and names the input when one is not a Batch job state change event, still classifying the others', async () => {
    const notBatch = tempFile(
      'ecs.json',
      JSON.stringify({ 'detail-type': 'ECS Task State Change', detail: {} }),
    );

    const { code, stdout, stderr } = await run([
      'classify',
      '--json',
      notBatch,
      `${FIXTURES}/cancelled-by-operator.json`,
    ]);

    expect(code).toBe(2);
    expect(stderr).toContain(
      `batch-retry classify: ${notBatch}: detail-type: is "ECS Task State Change"; expected "Batch Job State Change"\n`,
    );
    expect(stderr).toContain(`batch-retry classify: ${notBatch}: detail.jobId: is missing`);
    expect(stderr).toContain(
      'batch-retry classify: 1 of 2 events or inputs could not be classified; fix or remove them and run again\n',
    );
    expect((JSON.parse(stdout.trim()) as { class: string }).class).toBe('cancelled');
  });

  it('exits 2 for a missing file', async () => {
    const { code, stderr } = await run(['classify', 'no/such/file.json']);

    expect(code).toBe(2);
    expect(stderr).toContain('no/such/file.json');
  });

  it('prints no table header when no input could be classified', async () => {
    const notBatch = tempFile('ecs.json', JSON.stringify({ 'detail-type': 'ECS Task State Change' }));

    const { code, stdout, stderr } = await run(['classify', 'no/such/file.json', notBatch]);

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('batch-retry classify: 2 of 2 events or inputs could not be classified');
  });

  it('classifies each job of aws batch describe-jobs output', async () => {
    const jobs = ['ec2-spot-host-terminated', 'application-exit-1'].map(
      (name) => loadEventFixture(name).detail,
    );
    const file = tempFile('describe-jobs.json', JSON.stringify({ jobs }, null, 2));

    const { code, stdout } = await run(['classify', '--json', file]);

    expect(code).toBe(0);
    expect(
      stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as { source: string; class: string }),
    ).toEqual([
      expect.objectContaining({ source: `${file}#jobs[0]`, class: 'infrastructure' }),
      expect.objectContaining({ source: `${file}#jobs[1]`, class: 'application' }),
    ]);
  });

  it('reads a folder of events, gzip-compressed files among them, as replay does', async () => {
    const gz = tempFile('export.jsonl.gz', '');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(gz, gzipSync(`${eventFixtureText('ec2-out-of-memory-137').replace(/\n\s*/g, '')}\n`));
    const folder = gz.slice(0, gz.lastIndexOf('/'));
    writeFileSync(`${folder}/plain.json`, eventFixtureText('attempt-timeout'));

    const { code, stdout } = await run(['classify', '--json', folder]);

    expect(code).toBe(0);
    expect(
      stdout
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as { class: string }).class),
    ).toEqual(['resource', 'timeout']);
  });

  it('refuses a binary file with one problem, not one per line', async () => {
    const { code, stderr } = await run(['classify', process.execPath]);

    expect(code).toBe(2);
    expect(stderr).toBe(
      `batch-retry classify: ${process.execPath}: is binary data, not text (a program, an archive, a UTF-16 file?); ` +
        'give a file of JSON events, gzip-compressed or not\n' +
        'batch-retry classify: 1 of 1 events or inputs could not be classified; fix or remove them and run again\n',
    );
  });
});
