import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openReplayInputs } from '#cli/replay/replay-inputs.js';
import type { EventReadResult } from '#core/events/read-events.js';
import { eventFixtureText } from '../../../fixtures/events/load-fixture.js';

const EVENT = JSON.stringify(JSON.parse(eventFixtureText('application-exit-1')));

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'replay-inputs-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

async function all(results: AsyncIterable<EventReadResult>): Promise<EventReadResult[]> {
  const out: EventReadResult[] = [];
  for await (const result of results) out.push(result);
  return out;
}

const noStdin = new PassThrough();

describe('openReplayInputs', () => {
  it('reads the event files of a folder sorted by name and skips other files', async () => {
    const dir = folder({
      'b.jsonl': `${EVENT}\n${EVENT}\n`,
      'a.json': EVENT,
      'c.ndjson': EVENT,
      'd.log': `2024-05-14T11:39:57.000Z ${EVENT}\n`,
      'notes.txt': 'not events',
    });
    mkdirSync(join(dir, 'nested.json'));

    const inputs = await openReplayInputs([dir], noStdin);
    const sources = (await all(inputs.results)).map((r) => r.source);

    expect(sources).toEqual([
      join(dir, 'a.json'),
      `${join(dir, 'b.jsonl')}#0`,
      `${join(dir, 'b.jsonl')}#1`,
      join(dir, 'c.ndjson'),
      join(dir, 'd.log'),
    ]);
  });

  it('knows the total size of files and counts the bytes as they are read', async () => {
    const dir = folder({ 'one.json': EVENT, 'two.json': EVENT });
    const size = 2 * Buffer.byteLength(EVENT);

    const inputs = await openReplayInputs([join(dir, 'one.json'), join(dir, 'two.json')], noStdin);

    expect(inputs.totalBytes).toBe(size);
    expect(inputs.bytesRead()).toBe(0);
    await all(inputs.results);
    expect(inputs.bytesRead()).toBe(size);
  });

  it('reads stdin for -, whose size is not known in advance', async () => {
    const stdin = new PassThrough();
    stdin.end(`${EVENT}\n${EVENT}\n`);

    const inputs = await openReplayInputs(['-'], stdin);
    const results = await all(inputs.results);

    expect(inputs.totalBytes).toBeUndefined();
    expect(results.map((r) => r.source)).toEqual(['stdin#0', 'stdin#1']);
    expect(inputs.bytesRead()).toBe(2 * Buffer.byteLength(EVENT) + 2);
  });

  it('yields one error naming a missing file or a folder without event files, and reads the rest', async () => {
    const empty = folder({ 'readme.md': '# nothing here' });
    const good = join(folder({ 'good.json': EVENT }), 'good.json');

    const inputs = await openReplayInputs(['/no/such/events.jsonl', empty, good], noStdin);
    const results = await all(inputs.results);

    expect(results).toHaveLength(3);
    expect(results[0]).toMatchObject({
      source: '/no/such/events.jsonl',
      error: { problem: 'file not found; check the path' },
    });
    expect(results[1]).toMatchObject({
      source: empty,
      error: { problem: expect.stringMatching(/^is a folder with no event files/) },
    });
    expect(results[2]).toHaveProperty('job');
  });
});
