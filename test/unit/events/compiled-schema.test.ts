import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { batchJobDetailSchema, batchJobStateChangeEventSchema } from '#core/events/schema.js';
import { fuzzedEventBody } from '../../reliability/fuzz-inputs.js';

/**
 * parse.ts parses events with the schemas as `z.compile` compiles them: a refusal would silently
 * put every event back on zod's slower runtime parser (about 2x JSON.parse per event, docs/performance.md).
 */
describe('the event schemas compiled by zod', () => {
  it.each([
    ['the EventBridge event', batchJobStateChangeEventSchema],
    ['the bare job detail', batchJobDetailSchema],
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
