import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { policySourceFromFiles } from '#cli/policy-files.js';
import { type ReplayProgress, replayEvents } from '#cli/replay/replay-events.js';
import { type EventReadResult, readEvents } from '#core/events/read-events.js';
import { LINEAGE_TAG_KEYS } from '#core/submit/lineage-tags.js';
import { EVENT_FIXTURE_NAMES, loadEventFixture } from '../../../fixtures/events/load-fixture.js';

const DEFAULT_POLICY = 'examples/policies/default.json';
const PRODUCTION_POLICY = 'examples/policies/production.json';
const HOUR_MS = 3_600_000;

type Event = ReturnType<typeof loadEventFixture>;

/** Streams `events` as JSON lines, as an EventBridge archive export holds them. */
function recording(events: readonly unknown[]): AsyncIterable<EventReadResult> {
  const text = events.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('\n');
  return readEvents(Readable.from([text]), 'recording');
}

async function policies(...files: string[]) {
  return policySourceFromFiles(files.length === 0 ? [DEFAULT_POLICY] : files);
}

/** A fixture with a new job id, emitted at `time` (epoch ms), with extra tags and detail fields. */
function withJob(
  fixture: string,
  jobId: string,
  time: number,
  changes: { tags?: Record<string, string>; detail?: Record<string, unknown> } = {},
): Event {
  const event = loadEventFixture(fixture);
  event.time = new Date(time).toISOString();
  const tags = event.detail.tags as Record<string, string> | undefined;
  Object.assign(event.detail, { jobId, tags: { ...tags, ...changes.tags } }, changes.detail);
  return event;
}

/** The tags batch-retry puts on the child it submits for `parent`. */
const childOf = (root: string, parent = root) => ({
  [LINEAGE_TAG_KEYS.rootJobId]: root,
  [LINEAGE_TAG_KEYS.parentJobId]: parent,
});

const spotTime = Date.parse(loadEventFixture('ec2-spot-host-terminated').time as string);

describe('replayEvents', () => {
  it('counts every event fixture per failure class under the default and production policies', async () => {
    const events = EVENT_FIXTURE_NAMES.map(loadEventFixture);

    const report = await replayEvents(recording(events), {
      policies: await policies(DEFAULT_POLICY, PRODUCTION_POLICY),
    });

    expect(report.classes).toEqual({
      infrastructure: { events: 2, retried: 2, givenUp: 0, ignored: 0, duplicates: 0 },
      middleware: { events: 2, retried: 0, givenUp: 2, ignored: 0, duplicates: 0 },
      resource: { events: 2, retried: 0, givenUp: 2, ignored: 0, duplicates: 0 },
      timeout: { events: 1, retried: 0, givenUp: 1, ignored: 0, duplicates: 0 },
      application: { events: 13, retried: 0, givenUp: 11, ignored: 2, duplicates: 0 },
      cancelled: { events: 2, retried: 0, givenUp: 2, ignored: 0, duplicates: 0 },
      dependency: { events: 2, retried: 0, givenUp: 0, ignored: 2, duplicates: 0 },
    });
    expect(report.totals).toEqual({
      events: EVENT_FIXTURE_NAMES.length,
      failed: 24,
      retried: 2,
      givenUp: 18,
      ignored: 6,
      duplicates: 0,
      recovered: 0,
    });
    // Every give-up alerts except the cancelled and dependency failures, which alert nobody by default.
    expect(report.alerts.reduce((sum, group) => sum + group.count, 0)).toBe(16);
    expect(report.policies).toEqual([
      { name: 'default', version: 1 },
      { name: 'production', version: 1 },
    ]);
    expect(report.unparseable).toEqual({ count: 0, first: [] });
  });

  it('judges backoff and lineage age at each event’s own time, not at the time of the replay', async () => {
    const production = { tags: { env: 'production' }, detail: { jobQueue: 'prod-spot' } };
    const root = (id: string) => withJob('ec2-spot-host-terminated', id, spotTime, production);
    const child = (id: string, root: string, after: number) =>
      withJob('ec2-spot-host-terminated', id, spotTime + after, {
        ...production,
        tags: { ...production.tags, ...childOf(root) },
      });

    const report = await replayEvents(
      recording([
        root('fresh'),
        root('stale'),
        child('fresh-1', 'fresh', HOUR_MS),
        child('stale-1', 'stale', 72 * HOUR_MS),
      ]),
      { policies: await policies(DEFAULT_POLICY, PRODUCTION_POLICY) },
    );

    expect(report.classes.infrastructure).toEqual({
      events: 4,
      retried: 3,
      givenUp: 1,
      ignored: 0,
      duplicates: 0,
    });
    expect(report.alerts).toHaveLength(1);
    expect(report.alerts[0]?.examples[0]?.summary).toMatch(
      /\(stale-1\).* s old at the retry, over its limit of 172800 s/,
    );
    expect(report.firstEventAt).toBe(new Date(spotTime).toISOString());
    expect(report.lastEventAt).toBe(new Date(spotTime + 72 * HOUR_MS).toISOString());
  });

  describe('time order', () => {
    const root = withJob('ec2-spot-host-terminated', 'root', spotTime);
    const success = withJob('succeeded', 'child', spotTime + 600_000, { tags: childOf('root') });

    it('puts an event that arrives early back in time order within the window', async () => {
      const report = await replayEvents(recording([success, root]), { policies: await policies() });

      expect(report.totals).toMatchObject({ retried: 1, recovered: 1, ignored: 0 });
      expect(report.outOfOrder).toBe(0);
    });

    it('decides an event older than the window allows when it is seen, and counts it out of order', async () => {
      const report = await replayEvents(recording([success, root]), {
        policies: await policies(),
        reorderWindow: 0,
      });

      expect(report.totals).toMatchObject({ retried: 1, recovered: 0, ignored: 1 });
      expect(report.outOfOrder).toBe(1);
    });
  });

  it('keeps at most maxLineages lineages and counts the ones it forgot', async () => {
    const events = Array.from({ length: 300 }, (_, i) =>
      withJob('application-exit-1', `job-${i}`, spotTime + i * 1000),
    );

    const report = await replayEvents(recording(events), { policies: await policies(), maxLineages: 50 });

    expect(report.classes.application).toMatchObject({ events: 300, givenUp: 300 });
    expect(report.peakLineages).toBe(50);
    expect(report.maxLineages).toBe(50);
    expect(report.evicted).toBe(250);
  });

  it('counts a FAILED event delivered twice as a duplicate, not as a second retry', async () => {
    const event = withJob('ec2-spot-host-terminated', 'twice', spotTime);

    const report = await replayEvents(recording([event, structuredClone(event)]), {
      policies: await policies(),
    });

    expect(report.classes.infrastructure).toEqual({
      events: 2,
      retried: 1,
      givenUp: 0,
      ignored: 0,
      duplicates: 1,
    });
  });

  it('groups the alerts by fingerprint and keeps the first three of each', async () => {
    const events = Array.from({ length: 5 }, (_, i) =>
      withJob('application-exit-1', `app-${i}`, spotTime + i * 1000),
    );

    const report = await replayEvents(recording(events), { policies: await policies() });

    expect(report.alerts).toHaveLength(1);
    expect(report.alerts[0]).toMatchObject({
      kind: 'GAVE_UP',
      fingerprint: expect.stringMatching(/^GAVE_UP\|application\|spot-queue\|[^|]+\|cause:exit-code$/),
      count: 5,
    });
    expect(report.alerts[0]?.examples.map((e) => e.jobId)).toEqual(['app-0', 'app-1', 'app-2']);
  });

  it('lists the first 20 unparseable events with their problem and counts them all', async () => {
    const broken = Array.from({ length: 25 }, (_, i) =>
      i % 2 === 0 ? '{"detail-type": "nope"}' : 'not json',
    );

    const report = await replayEvents(recording([...broken, loadEventFixture('application-exit-1')]), {
      policies: await policies(),
    });

    expect(report.unparseable.count).toBe(25);
    expect(report.unparseable.first).toHaveLength(20);
    expect(report.unparseable.first[0]?.source).toBe('recording#0');
    expect(report.unparseable.first[0]?.problem).toMatch(/^detail-type: /);
    expect(report.unparseable.first[1]).toMatchObject({ source: 'recording#1' });
    expect(report.totals.events).toBe(1);
  });

  it('reports progress every 1,000 inputs and once at the end, with the bytes the caller counted', async () => {
    const seen: ReplayProgress[] = [];
    let bytes = 0;
    async function* counted(): AsyncGenerator<EventReadResult> {
      for await (const result of recording(Array.from({ length: 2_500 }, () => '{}'))) {
        bytes += 3;
        yield result;
      }
    }

    await replayEvents(counted(), {
      policies: await policies(),
      onProgress: (p) => seen.push(p),
      bytesRead: () => bytes,
    });

    expect(seen).toEqual([
      { events: 1_000, bytes: 3_000 },
      { events: 2_000, bytes: 6_000 },
      { events: 2_500, bytes: 7_500 },
    ]);
  });

  it('refuses a negative reorder window before reading anything', async () => {
    await expect(
      replayEvents(recording([]), { policies: await policies(), reorderWindow: -1 }),
    ).rejects.toThrow(RangeError);
  });
});
