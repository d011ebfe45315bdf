import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openEventInputs } from '#cli/inputs/index.js';
import type { EventReadResult } from '#core/events/read-events.js';
import { eventFixtureText } from '../../../fixtures/events/load-fixture.js';

const EVENT = JSON.stringify(JSON.parse(eventFixtureText('application-exit-1')));

function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'event-inputs-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

async function all(results: AsyncIterable<EventReadResult>): Promise<EventReadResult[]> {
  const out: EventReadResult[] = [];
  for await (const result of results) out.push(result);
  return out;
}

const noStdin = new PassThrough();

describe('openEventInputs', () => {
  it('reads the events files of a folder sorted by name, gzip-compressed ones too, and skips other files', async () => {
    const dir = folder({
      'b.jsonl': `${EVENT}\n${EVENT}\n`,
      'a.json': EVENT,
      'c.ndjson': EVENT,
      'd.log': `2024-05-14T11:39:57.000Z ${EVENT}\n`,
      'e.jsonl.gz': gzipSync(`${EVENT}\n`),
      'notes.txt': 'not events',
    });
    mkdirSync(join(dir, 'nested.json'));

    const inputs = await openEventInputs([dir], noStdin);
    const sources = (await all(inputs.results)).map((r) => r.source);

    expect(sources).toEqual([
      join(dir, 'a.json'),
      `${join(dir, 'b.jsonl')}#0`,
      `${join(dir, 'b.jsonl')}#1`,
      join(dir, 'c.ndjson'),
      join(dir, 'd.log'),
      join(dir, 'e.jsonl.gz'),
    ]);
  });

  it('knows the total size of files and counts the bytes as they are read', async () => {
    const dir = folder({ 'one.json': EVENT, 'two.json': EVENT });
    const size = 2 * Buffer.byteLength(EVENT);

    const inputs = await openEventInputs([join(dir, 'one.json'), join(dir, 'two.json')], noStdin);

    expect(inputs.totalBytes).toBe(size);
    expect(inputs.bytesRead()).toBe(0);
    await all(inputs.results);
    expect(inputs.bytesRead()).toBe(size);
  });

  it('reads stdin for -, whose size is not known in advance', async () => {
    const stdin = new PassThrough();
    stdin.end(`${EVENT}\n${EVENT}\n`);

    const inputs = await openEventInputs(['-'], stdin);
    const results = await all(inputs.results);

    expect(inputs.totalBytes).toBeUndefined();
    expect(results.map((r) => r.source)).toEqual(['stdin#0', 'stdin#1']);
    expect(inputs.bytesRead()).toBe(2 * Buffer.byteLength(EVENT) + 2);
  });

  it('yields one error naming a missing file or a folder without event files, and reads the rest', async () => {
    const empty = folder({ 'readme.md': '# nothing here' });
    const good = join(folder({ 'good.json': EVENT }), 'good.json');

    const inputs = await openEventInputs(['/no/such/events.jsonl', empty, good], noStdin);
    const results = await all(inputs.results);

    expect(results).toHaveLength(3);
    expect(results[0]).toMatchObject({
      source: '/no/such/events.jsonl',
      error: { problem: 'file not found; check the path' },
    });
    expect(results[1]).toMatchObject({
      source: empty,
      error: { problem: expect.stringMatching(/^is a folder with no events files/) },
    });
    expect(results[2]).toHaveProperty('job');
  });

  it('decompresses gzip data whatever the file is called, as CloudWatch Logs exports arrive from S3', async () => {
    const exported = gzipSync(`2024-05-14T11:39:57.000Z ${EVENT}\n2024-05-14T11:40:01.000Z ${EVENT}\n`);
    const file = join(folder({ '000000': exported }), '000000');

    const results = await all((await openEventInputs([file], noStdin)).results);

    expect(results.map((r) => ('job' in r ? r.source : r.error.problem))).toEqual([`${file}#0`, `${file}#1`]);
  });

  it('reads gzip data from stdin too', async () => {
    const stdin = new PassThrough();
    stdin.end(gzipSync(`${EVENT}\n`));

    const results = await all((await openEventInputs(['-'], stdin)).results);

    expect(results).toHaveLength(1);
    expect(results[0]).toHaveProperty('job');
  });

  it('refuses binary data with one problem instead of one per line', async () => {
    const binary = Buffer.concat([
      Buffer.from('\u007fELF'),
      Buffer.alloc(64),
      Buffer.from('\n{}\n'.repeat(50)),
    ]);
    const file = join(folder({ program: binary }), 'program');

    const results = await all((await openEventInputs([file], noStdin)).results);

    expect(results).toEqual([
      {
        source: file,
        error: expect.objectContaining({ problem: expect.stringMatching(/^is binary data, not text/) }),
      },
    ]);
  });

  it('says when gzip data is cut off, after the events before the cut', async () => {
    const whole = gzipSync(`${EVENT}\n`.repeat(200));
    const file = join(
      folder({ 'cut.jsonl.gz': whole.subarray(0, Math.floor(whole.length / 2)) }),
      'cut.jsonl.gz',
    );

    const results = await all((await openEventInputs([file], noStdin)).results);

    const last = results.at(-1);
    expect(last !== undefined && 'error' in last && last.error.problem).toMatch(
      /^is gzip data that ends early/,
    );
  });
});
