import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { compiledWhenHot } from '#core/compiled-schema.js';
import { eventSchemas } from '#core/events/schema.js';
import { resubmittableSchemas } from '#core/submit/resubmittable-detail.js';
import { fuzzedEventBody } from '../../reliability/fuzz-inputs.js';

/**
 * Events and the details of retried jobs are parsed with these schemas as `z.compile` compiles them
 * (compiled-schema.ts): a refusal would silently put every event back on zod's slower runtime parser
 * (about 2x JSON.parse per event, docs/performance.md).
 */
describe('the schemas of the decision path, compiled by zod', () => {
  it.each([
    ['the EventBridge event', eventSchemas().event],
    ['the bare job detail', eventSchemas().detail],
    ['the resubmittable detail', resubmittableSchemas().detail],
  ])('%s compiles without falling back to the runtime parser', (_, schema) => {
    expect(() => z.compile(schema, { strict: true })).not.toThrow();
  });

  it('accept, strip and refuse exactly as the runtime parsers do, on fuzzed events and their details', () => {
    const pairs = [
      [eventSchemas().event, (v: Record<string, unknown>) => v],
      [eventSchemas().detail, (v: Record<string, unknown>) => v.detail],
      [resubmittableSchemas().detail, (v: Record<string, unknown>) => v.detail],
    ] as const;
    const compiled = pairs.map(([schema]) => z.compile(schema, { strict: true }));
    fc.assert(
      fc.property(fuzzedEventBody, (body) => {
        let value: unknown;
        try {
          value = JSON.parse(body);
        } catch {
          return;
        }
        if (value === null || typeof value !== 'object') return;
        pairs.forEach(([schema, input], i) => {
          const checked = input(value as Record<string, unknown>);
          const runtime = schema.safeParse(checked);
          const fast = compiled[i]?.safeParse(checked);
          expect(fast?.success).toBe(runtime.success);
          if (runtime.success) expect(fast?.data).toEqual(runtime.data);
        });
      }),
      { numRuns: 2_000, seed: 41 },
    );
  });
});

describe('a schema compiled when hot', () => {
  it("is built once, parses on zod's runtime parser for its first uses, then on one compiled copy", () => {
    let builds = 0;
    const runtime = z.object({ jobId: z.string() });
    const schema = compiledWhenHot(() => {
      builds += 1;
      return runtime;
    }, 3);

    expect(builds).toBe(0);
    expect([schema(), schema(), schema()].every((s) => s === runtime)).toBe(true);
    const hot = schema();
    expect(hot).not.toBe(runtime);
    expect(schema()).toBe(hot);
    expect(builds).toBe(1);
    expect(hot.parse({ jobId: 'j-1', other: 1 })).toEqual({ jobId: 'j-1' });
    expect(hot.safeParse({ jobId: 1 }).error?.issues[0]?.path).toEqual(['jobId']);
  });
});
