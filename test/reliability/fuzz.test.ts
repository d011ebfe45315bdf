import { readdirSync, readFileSync } from 'node:fs';
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { sqsRecord } from '../helpers/sqs-records.js';
import { clock, useFunctions } from '../integration/functions/harness.js';
import { jobEvent, stoppedAt } from '../integration/functions/job-events.js';
import { AwsWorld } from './aws-world.js';
import { fuzzedEventBody, fuzzedJson, fuzzedPolicy } from './fuzz-inputs.js';
import { decideEachInput, timings } from './input-timing.js';
import { expectNothingLost, FULL_SCALE, scaled, TIMEOUT_MS } from './scale.js';

const functions = useFunctions();
const BATCH = 10;
/** The lines failRecord writes for an error it knows (EventParseError, OrchestratorError). */
const TYPED = /^(unusable event|record failed, will)/;

const examplePolicies = readdirSync(new URL('../../examples/policies/', import.meta.url))
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(new URL(`../../examples/policies/${f}`, import.meta.url), 'utf8')));

/** What handing `bodies` to a handler in SQS batches lost: rejections, and failed records without a typed error. */
async function throughHandler(
  bodies: readonly string[],
  handle: (...records: SQSRecord[]) => Promise<SQSBatchResponse>,
): Promise<{ 'handler rejections': number; 'failed records without a typed error': number }> {
  const lost = { 'handler rejections': 0, 'failed records without a typed error': 0 };
  for (let i = 0; i < bodies.length; i += BATCH) {
    const records = bodies.slice(i, i + BATCH).map((body) => sqsRecord(body));
    const seen = functions.logs.length;
    const response = await handle(...records).catch(() => undefined);
    if (response === undefined) {
      lost['handler rejections'] += 1;
      continue;
    }
    const lines = functions.logs.slice(seen);
    for (const { itemIdentifier } of response.batchItemFailures) {
      const typed = lines.some((l) => l.messageId === itemIdentifier && TYPED.test(l.message));
      if (!typed) lost['failed records without a typed error'] += 1;
    }
  }
  return lost;
}

/** Adds each count of `more` to the same count of `into`. */
function addLosses<K extends string>(
  into: Record<K, number>,
  more: Readonly<Partial<Record<K, number>>>,
): void {
  for (const key of Object.keys(more) as K[]) into[key] += more[key] ?? 0;
}

const sample = (arbitrary: fc.Arbitrary<string>, numRuns: number, seed: number) =>
  fc.sample(arbitrary, { numRuns, seed });

describe('fuzzed inputs through the real handler entry points', () => {
  const viaHandler = scaled(1_000, 3_000);
  const viaCore = scaled(0, 100_000);
  const CHUNK = 1_000;

  it(
    `gives each of ${viaHandler.toLocaleString('en-US')} fuzzed events (100,000 more on its core at full scale) its outcome or its typed error, and never throws`,
    async () => {
      clock.set(stoppedAt(jobEvent('ec2-spot-host-terminated')) + 5_000);
      const lost = {
        'handler rejections': 0,
        'failed records without a typed error': 0,
        'core errors without a type': 0,
      };
      const timed = { untyped: 0, slowestMs: 0, overLimit: 0 };
      // In chunks, each from its own seed: 100,000 fuzzed events at once would not fit in memory.
      for (let chunk = 0; chunk * CHUNK < Math.max(viaHandler, viaCore); chunk++) {
        const bodies = sample(fuzzedEventBody, CHUNK, 17 + chunk);
        if (chunk * CHUNK < viaHandler) {
          const handled = await throughHandler(bodies, functions.decide);
          lost['handler rejections'] += handled['handler rejections'];
          lost['failed records without a typed error'] += handled['failed records without a typed error'];
        }
        if (chunk * CHUNK < viaCore) {
          const decided = await decideEachInput(bodies, examplePolicies);
          lost['core errors without a type'] += decided.untyped;
          timed.slowestMs = Math.max(timed.slowestMs, decided.slowestMs);
          timed.overLimit += decided.overLimit;
        }
      }
      const run = {
        key: 'fuzz.events',
        check: 'fuzzed events',
        tried: { 'through the decide handler': viaHandler, 'through its core': viaCore },
        lost,
        ...(FULL_SCALE ? { timed: timings(timed) } : {}),
      };
      expectNothingLost(run);
    },
    TIMEOUT_MS,
  );

  it(
    'gives each fuzzed retry message its outcome or its typed error, and never throws',
    async () => {
      clock.set(stoppedAt(jobEvent('ec2-spot-host-terminated')) + 5_000);
      const world = new AwsWorld(29);
      world.install(examplePolicies);
      await functions.decide(sqsRecord(jobEvent('ec2-spot-host-terminated')));
      const messages = world.sent.map((body) => JSON.parse(body) as unknown);
      const count = scaled(300, 10_000);
      const lost = await throughHandler(sample(fuzzedJson(messages), count, 19), functions.resubmit);
      const run = {
        key: 'fuzz.retry-messages',
        check: 'fuzzed retry messages',
        tried: { 'fuzzed retry messages': count },
        lost,
      };
      expectNothingLost(run);
    },
    TIMEOUT_MS,
  );

  it(
    'decides under each fuzzed policy pushed to SSM, or raises its typed error, and never throws',
    async () => {
      const count = scaled(200, 1_000);
      const world = new AwsWorld(31);
      world.install(examplePolicies);
      const event = jobEvent('ec2-spot-host-terminated');
      clock.set(stoppedAt(event) + 5_000);
      const lost = { 'handler rejections': 0, 'failed records without a typed error': 0 };
      const policies = sample(fuzzedPolicy(examplePolicies), count, 23);
      for (const [i, text] of policies.entries()) {
        world.serveParameters([{ name: 'default', value: text }], i + 2);
        clock.advanceSeconds(61); // past the policy cache: the next record reads SSM again
        const body = JSON.stringify({ ...event, detail: { ...event.detail, jobId: `f022-${i}` } });
        const one = await throughHandler([body], functions.decide);
        addLosses(lost, one);
      }
      const run = {
        key: 'fuzz.policies',
        check: 'fuzzed policies',
        tried: { 'fuzzed policies': count },
        lost,
      };
      expectNothingLost(run);
    },
    TIMEOUT_MS,
  );
});
