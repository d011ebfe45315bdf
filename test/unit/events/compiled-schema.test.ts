import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { batchJobDetailSchema, batchJobStateChangeEventSchema } from '#core/events/schema.js';
import { resubmittableDetailSchema } from '#core/submit/resubmittable-detail.js';
import { fuzzedEventBody } from '../../reliability/fuzz-inputs.js';

/**
 * Events and the details of retried jobs are parsed with these schemas as `z.compile` compiles them
 * (compiled-schema.ts): a refusal would silently put every event back on zod's slower runtime parser
 * (about 2x JSON.parse per event, docs/performance.md).
 */
describe('the schemas of the decision path, compiled by zod', () => {
  it.each([
    ['the EventBridge event', batchJobStateChangeEventSchema],
    ['the bare job detail', batchJobDetailSchema],
    ['the resubmittable detail', resubmittableDetailSchema],
  ])('%s compiles without falling back to the runtime parser', (_, schema) => {
    expect(() => z.compile(schema, { strict: true })).not.toThrow();
  });

  it('accept, strip and refuse exactly as the runtime parser does, on fuzzed events', () => {
    const compiled = z.compile(batchJobStateChangeEventSchema, { strict: true });
    fc.assert(
      fc.property(fuzzedEventBody, (body) => {
        let value: unknown;
        try {
          value = JSON.parse(body);
        } catch {
          return;
        }
        const runtime = batchJobStateChangeEventSchema.safeParse(value);
        const fast = compiled.safeParse(value);
        expect(fast.success).toBe(runtime.success);
        if (runtime.success) expect(fast.data).toEqual(runtime.data);
        else expect(fast.error?.issues).toEqual(runtime.error.issues);
      }),
      { numRuns: 2_000, seed: 41 },
    );
  });
});
