import { PassThrough, Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '#cli/main.js';
import { eventFixtureText } from '../../fixtures/events/load-fixture.js';
import { runCli, tempFile } from '../../helpers/run-cli.js';

const EVENT = 'test/fixtures/events/ec2-spot-host-terminated.json';
const line = (name: string) => JSON.stringify(JSON.parse(eventFixtureText(name)));

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the one error style of every command', () => {
  it('says what is wrong with the command line in the same style, exit 2', async () => {
    const typo = await runCli(['clasify', EVENT]);
    const option = await runCli(['classify', '--colour', EVENT]);
    const missing = await runCli(['explain']);

    expect(typo).toMatchObject({ code: 2, stdout: '' });
    expect(typo.stderr).toBe(
      "batch-retry: unknown command 'clasify' (Did you mean classify?); batch-retry --help shows the usage\n",
    );
    expect(option.stderr).toBe(
      "batch-retry classify: unknown option '--colour'; batch-retry classify --help shows the usage\n",
    );
    expect(missing.stderr).toBe(
      "batch-retry explain: missing required argument 'inputs'; batch-retry explain --help shows the usage\n",
    );
  });

  it.each([
    ['classify', ['classify', '/no/such.json']],
    ['policy validate', ['policy', 'validate', '/no/such.json']],
    ['policy import', ['policy', 'import', '/no/such.json']],
    ['explain', ['explain', EVENT, '--policy', '/no/such.json']],
    ['simulate', ['simulate', '/no/such.json']],
    ['compare', ['compare', '--workload', '/no/such.json', '--policy', 'examples/policies/production.json']],
  ])('says "file not found" for a missing file, exit 2, in %s as everywhere', async (name, args) => {
    const { code, stderr } = await runCli(args);

    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe(`batch-retry ${name}: /no/such.json: file not found; check the path`);
  });

  it('prints at most 20 problems, then how many more there were, then the summary', async () => {
    const file = tempFile('garbage.log', 'not an event\n'.repeat(100));

    const { code, stderr } = await runCli(['classify', file]);

    const lines = stderr.trimEnd().split('\n');
    expect(code).toBe(2);
    expect(lines).toHaveLength(22);
    expect(lines[0]).toBe(
      `batch-retry classify: ${file}#0: line 1 is not JSON and does not start with an ISO-8601 timestamp followed by JSON`,
    );
    expect(lines[20]).toBe('batch-retry classify: 80 more problems not shown (the first 20 are above)');
    expect(lines[21]).toBe(
      'batch-retry classify: 100 of 100 events or inputs could not be classified; fix or remove them and run again',
    );
  });

  it('reports a failure that is a bug on one line, exit 70, never with a stack trace', async () => {
    const broken = new Writable({
      write: (_chunk, _encoding, done) => done(new TypeError('the disk said no')),
    });

    const code = await main(['node', 'batch-retry', 'classify', EVENT], {
      stdout: broken,
      stderr: Object.assign(new PassThrough(), { isTTY: false }),
      stdin: new PassThrough(),
    }).catch((error: unknown) => error);

    expect(code).toBe(70);
  });
});

describe('--output', () => {
  it('prints the same JSON for --output json and --json, and refuses a format it does not know', async () => {
    const long = await runCli(['classify', EVENT, '--output', 'json']);
    const short = await runCli(['classify', '--json', EVENT]);
    const unknown = await runCli(['classify', EVENT, '--output', 'yaml']);
    const both = await runCli(['classify', EVENT, '--json', '--output', 'text']);

    expect(long.code).toBe(0);
    expect(JSON.parse(long.stdout)).toMatchObject({ class: 'infrastructure' });
    expect(short.stdout).toBe(long.stdout);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toBe('batch-retry classify: --output "yaml": is not a format; use text or json\n');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(
      /^batch-retry classify: option '--json' cannot be used with option '--output/,
    );
  });

  it.each([
    ['normalise', [EVENT]],
    ['classify', [EVENT]],
    ['explain', [EVENT]],
    ['replay', [EVENT, '--policy', 'examples/policies/default.json']],
    ['simulate', ['examples/scenarios/spot-reclaim.json']],
    [
      'compare',
      ['--workload', 'examples/workloads/spot-heavy.json', '--policy', 'examples/policies/production.json'],
    ],
  ])('is taken by %s', async (command, args) => {
    const { code, stdout } = await runCli([command, ...args, '--output', 'json']);

    expect(code).toBe(0);
    const documents = stdout.startsWith('{\n') ? [stdout] : stdout.trimEnd().split('\n');
    for (const document of documents) expect(() => JSON.parse(document)).not.toThrow();
  });
});

describe('text that fits the terminal', () => {
  it('cuts the evidence of table rows to COLUMNS, and leaves it whole when printed to a pipe', async () => {
    const piped = await runCli(['classify', 'test/fixtures/events/ec2-cannot-pull-container.json']);
    vi.stubEnv('COLUMNS', '200');
    const narrow = await runCli(['classify', 'test/fixtures/events/ec2-cannot-pull-container.json']);

    const [, pipedRow = ''] = piped.stdout.trimEnd().split('\n');
    const [, narrowRow = ''] = narrow.stdout.trimEnd().split('\n');
    expect(pipedRow.length).toBeGreaterThan(200);
    expect(narrowRow).toHaveLength(200);
    expect(narrowRow).toMatch(/ middleware +registry-auth-denied +no +attempt 1 container\.reason:.*\.\.\.$/);
  });

  it('never wraps simulate output into a pipe, and never splits a number from its unit when it wraps', async () => {
    const piped = await runCli(['simulate', 'examples/scenarios/spot-reclaim.json']);
    vi.stubEnv('COLUMNS', '60');
    const narrow = await runCli(['simulate', 'examples/scenarios/spot-reclaim.json']);

    const why = piped.stdout.split('\n').filter((l) => l.includes('why:'));
    expect(why.length).toBeGreaterThan(0);
    for (const l of why) expect(l).toMatch(/retry in \d+ s|: EXIT|matched/);
    expect(piped.stdout).not.toMatch(/\n {20,}s\b/);
    expect(narrow.stdout.split('\n').some((l) => l.length <= 60 && /^ +\S/.test(l))).toBe(true);
    expect(narrow.stdout).not.toMatch(/\d\n +s\b/);
  });
});

describe('inputs', () => {
  it('streams the classify table: the first rows are out while the input is still being read', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const seen: string[] = [];
    stdout.on('data', (chunk: Buffer) => seen.push(chunk.toString()));
    const running = main(['node', 'batch-retry', 'classify', '-'], {
      stdout,
      stderr: new PassThrough(),
      stdin,
    });

    const one = `${line('application-exit-1')}\n`;
    stdin.write(one.repeat(1_200));
    while (!seen.join('').includes('\nstdin#999 ')) await new Promise((r) => setTimeout(r, 10));
    stdin.end(one);

    expect(await running).toBe(0);
    expect(seen.join('').trimEnd().split('\n')).toHaveLength(1 + 1_201);
  });
});
