import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { clock, useFunctions } from '../integration/functions/harness.js';
import { jobEvent, stoppedAt } from '../integration/functions/job-events.js';
import { sample, throughHandler } from './fuzz-handler.js';
import { fuzzedEventBody } from './fuzz-inputs.js';
import { decideEachInput, timings } from './input-timing.js';
import { expectNothingLost, FULL_SCALE, scaled, TIMEOUT_MS } from './scale.js';

// A file of its own: at full scale it is the longest run of the suite, and vitest runs files in parallel.
const functions = useFunctions();

const examplePolicies = readdirSync(new URL('../../examples/policies/', import.meta.url))
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(new URL(`../../examples/policies/${f}`, import.meta.url), 'utf8')));

describe('fuzzed events through the real decide handler', () => {
  // At full scale all 100,000 are timed on the core and 40,000 go through the handler: 100,000 through
  // the handler (about 6 minutes on dynalite, 3.4 ms an event) put `npm run bench` at 10 min 11 s.
  const count = scaled(10_000, 100_000);
  const viaHandler = scaled(10_000, 40_000);
  const CHUNK = 1_000;

  it(
    `gives each of ${count.toLocaleString('en-US')} fuzzed events its outcome or its typed error (${viaHandler.toLocaleString('en-US')} through the handler too), and never throws`,
    async () => {
      clock.set(stoppedAt(jobEvent('ec2-spot-host-terminated')) + 5_000);
      const lost = {
        'handler rejections': 0,
        'failed records without a typed error': 0,
        'core errors without a type': 0,
      };
      const timed = { untyped: 0, slowestMs: 0, overLimit: 0 };
      // In chunks, each from its own seed: 100,000 fuzzed events at once would not fit in memory.
      // The core first: timed while the heap is small, before the handler's mocks and ledger grow it.
      for (let chunk = 0; chunk * CHUNK < count; chunk++) {
        const decided = await decideEachInput(sample(fuzzedEventBody, CHUNK, 17 + chunk), examplePolicies);
        lost['core errors without a type'] += decided.untyped;
        timed.slowestMs = Math.max(timed.slowestMs, decided.slowestMs);
        timed.overLimit += decided.overLimit;
      }
      for (let chunk = 0; chunk * CHUNK < viaHandler; chunk++) {
        const bodies = sample(fuzzedEventBody, CHUNK, 17 + chunk);
        const handled = await throughHandler(functions, bodies, functions.decide);
        lost['handler rejections'] += handled['handler rejections'];
        lost['failed records without a typed error'] += handled['failed records without a typed error'];
      }
      const run = {
        key: 'fuzz.events',
        check: 'fuzzed events',
        tried: { 'through the decide handler': viaHandler, 'on its core, timed': count },
        lost,
        ...(FULL_SCALE ? { timed: timings(timed) } : {}),
      };
      expectNothingLost(run);
    },
    TIMEOUT_MS,
  );
});
