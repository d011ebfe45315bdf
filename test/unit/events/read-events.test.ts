import { describe, expect, it } from 'vitest';
import { type EventReadResult, readEvents } from '#core/events/index.js';
import { eventFixtureText, loadEventFixture } from '../../fixtures/events/load-fixture.js';

const SPOT = loadEventFixture('ec2-spot-host-terminated');
const OOM = loadEventFixture('ec2-out-of-memory-137');
const OK = loadEventFixture('succeeded');

async function* chunksOf(text: string, size = text.length): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function collect(text: string, input = 'events.json', size?: number): Promise<EventReadResult[]> {
  const results: EventReadResult[] = [];
  for await (const result of readEvents(chunksOf(text, size), input)) results.push(result);
  return results;
}

/** `source -> jobId` for jobs, `source -> error message` for errors. */
function summary(results: readonly EventReadResult[]): string[] {
  return results.map((r) =>
    'job' in r ? `${r.source} -> ${r.job.jobId}` : `${r.source} -> ${r.error.message}`,
  );
}

const line = (event: unknown) => JSON.stringify(event);

describe('readEvents', () => {
  it('reads one pretty-printed event and names it after the input alone', async () => {
    const results = await collect(eventFixtureText('ec2-spot-host-terminated'), 'spot.json');

    expect(summary(results)).toEqual([`spot.json -> ${SPOT.detail.jobId}`]);
  });

  it('yields each element of a JSON array with its index', async () => {
    const text = JSON.stringify([SPOT, OOM, OK], null, 2);

    const results = await collect(text, 'batch.json');

    expect(summary(results)).toEqual([
      `batch.json#0 -> ${SPOT.detail.jobId}`,
      `batch.json#1 -> ${OOM.detail.jobId}`,
      `batch.json#2 -> ${OK.detail.jobId}`,
    ]);
  });

  it('reads JSON lines', async () => {
    const text = `${line(SPOT)}\n${line(OOM)}\r\n${line(OK)}\n`;

    const results = await collect(text, 'events.jsonl');

    expect(results.map((r) => r.source)).toEqual(['events.jsonl#0', 'events.jsonl#1', 'events.jsonl#2']);
    expect(results.every((r) => 'job' in r)).toBe(true);
  });

  it('skips the ISO-8601 timestamp that CloudWatch Logs exports put before each event', async () => {
    const text = [
      `2024-05-14T04:08:29.123Z ${line(SPOT)}`,
      `2024-05-14T05:10:00Z\t${line(OOM)}`,
      `2024-05-14T06:00:00.5+02:00 ${line(OK)}`,
    ].join('\n');

    const results = await collect(text, 'export.txt');

    expect(summary(results)).toEqual([
      `export.txt#0 -> ${SPOT.detail.jobId}`,
      `export.txt#1 -> ${OOM.detail.jobId}`,
      `export.txt#2 -> ${OK.detail.jobId}`,
    ]);
  });

  it('reports a malformed line in the middle and still reads the lines around it', async () => {
    const broken = line(OOM).slice(0, 200);
    const text = `${line(SPOT)}\n${broken}\n{"detail-type": tru}\nnot json at all\n${line(OK)}\n`;

    const results = await collect(text, 'mixed.jsonl');

    expect(results.map((r) => ('job' in r ? r.job.jobId : `error: ${r.error.field}`))).toEqual([
      SPOT.detail.jobId,
      'error: ',
      'error: ',
      'error: ',
      OK.detail.jobId,
    ]);
    expect(results[1]?.source).toBe('mixed.jsonl#1');
    expect('error' in (results[1] ?? {}) && results[1]).toMatchObject({ error: { input: 'mixed.jsonl#1' } });
    expect(summary(results)[1]).toMatch(/line 2 is not complete JSON/);
    expect(summary(results)[2]).toMatch(/is not JSON/);
    expect(summary(results)[3]).toMatch(/line 4 is not JSON and does not start with an ISO-8601 timestamp/);
  });

  it('reports a valid JSON element that is not an event and reads the next element', async () => {
    const text = JSON.stringify([SPOT, 42, 'text', { 'detail-type': 'Batch Job State Change' }, OK]);

    const results = await collect(text, 'list.json');

    expect(summary(results)).toEqual([
      `list.json#0 -> ${SPOT.detail.jobId}`,
      'list.json#1 -> list.json#1: (document): is not a JSON object but number 42',
      'list.json#2 -> list.json#2: (document): is not a JSON object but "text"',
      'list.json#3 -> list.json#3: source: is missing; expected "aws.batch"; ' +
        'detail: is missing; every Batch job state change has it (an object)',
      `list.json#4 -> ${OK.detail.jobId}`,
    ]);
  });

  it('lists every problem of a refused event, each with its field', async () => {
    const results = await collect(
      JSON.stringify({ 'detail-type': 'ECS Task State Change', source: 'aws.ecs' }),
    );

    const error = results[0] !== undefined && 'error' in results[0] ? results[0].error : undefined;
    expect(error?.problems.map((p) => p.field)).toEqual(['detail-type', 'source', 'detail']);
  });

  it('reads each job of an aws batch describe-jobs output as a bare job detail', async () => {
    const output = { jobs: [SPOT.detail, OK.detail] };

    const results = await collect(JSON.stringify(output, null, 2), 'describe-jobs.json');

    expect(summary(results)).toEqual([
      `describe-jobs.json#jobs[0] -> ${SPOT.detail.jobId}`,
      `describe-jobs.json#jobs[1] -> ${OK.detail.jobId}`,
    ]);
  });

  it('numbers the jobs of describe-jobs pages given as JSON lines, and says when a page has none', async () => {
    const text = `${line({ jobs: [OOM.detail] })}\n${line({ jobs: [] })}\n`;

    const results = await collect(text, 'pages.jsonl');

    expect(summary(results)).toEqual([
      `pages.jsonl#0#jobs[0] -> ${OOM.detail.jobId}`,
      'pages.jsonl#1 -> pages.jsonl#1: jobs: is empty: this describe-jobs output holds no job',
    ]);
  });

  it('says on one line, with the line and column, why an event is not JSON', async () => {
    const results = await collect('[{"a":\n 1,,}]', 'broken.json');

    expect(summary(results)).toEqual([
      'broken.json -> broken.json: (document): is not JSON: expected double-quoted property name (line 2, column 4)',
    ]);
  });

  it('reads the same events when every chunk is a single byte, even inside strings and escapes', async () => {
    const tricky = structuredClone(OOM);
    // JSON.stringify writes these as the escapes \" \\ \n and \u0001; the emoji is four UTF-8 bytes.
    tricky.detail.statusReason = 'quote " brace { } bracket [ ] backslash \\ newline \n control \u0001 🚀 é';
    tricky.detail.jobName = 'etl-ü';
    const text = `[\n${JSON.stringify(tricky, null, 1)},\n${line(SPOT)}\n]`;

    const whole = await collect(text, 'tricky.json');
    const bytewise = await collect(text, 'tricky.json', 1);

    expect(summary(bytewise)).toEqual(summary(whole));
    expect(whole).toHaveLength(2);
    const first = bytewise[0];
    expect(first !== undefined && 'job' in first && first.job.statusReason).toBe(tricky.detail.statusReason);
    expect(first !== undefined && 'job' in first && first.job.jobName).toBe('etl-ü');
  });

  it('reports an input with no events', async () => {
    const results = await collect('  \n', 'empty.json');

    expect(summary(results)).toEqual([
      'empty.json -> empty.json: (document): holds no events (the input is empty)',
    ]);
  });

  it('reports an event cut off at the end of the input', async () => {
    const results = await collect(eventFixtureText('succeeded').slice(0, 300), 'cut.json');

    expect(results).toHaveLength(1);
    expect(summary(results)[0]).toMatch(/^cut.json -> cut.json: \(document\): line 1 ends in the middle/);
  });

  it('reports a list of events that is never closed, after reading the events in it', async () => {
    const results = await collect(`[${line(SPOT)}, ${line(OK)}`, 'open.json');

    expect(summary(results)).toEqual([
      `open.json#0 -> ${SPOT.detail.jobId}`,
      `open.json#1 -> ${OK.detail.jobId}`,
      'open.json#2 -> open.json#2: (document): the list of events is not closed with "]"',
    ]);
  });

  it('yields the first events before the rest of the input has been read', async () => {
    let produced = 0;
    async function* endless(): AsyncGenerator<string> {
      for (;;) {
        produced++;
        yield `${line(SPOT)}\n`;
      }
    }

    const seen: string[] = [];
    for await (const result of readEvents(endless(), 'stream')) {
      seen.push(result.source);
      if (seen.length === 3) break;
    }

    expect(seen).toEqual(['stream#0', 'stream#1', 'stream#2']);
    expect(produced).toBeLessThanOrEqual(4);
  });
});
