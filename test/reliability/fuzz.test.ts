import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { sqsRecord } from '../helpers/sqs-records.js';
import { clock, useFunctions } from '../integration/functions/harness.js';
import { jobEvent, stoppedAt } from '../integration/functions/job-events.js';
import { AwsWorld } from './aws-world.js';
import { sample, throughHandler } from './fuzz-handler.js';
import { fuzzedJson, fuzzedPolicy } from './fuzz-inputs.js';
import { expectNothingLost, scaled, TIMEOUT_MS } from './scale.js';

const functions = useFunctions();

const examplePolicies = readdirSync(new URL('../../examples/policies/', import.meta.url))
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(new URL(`../../examples/policies/${f}`, import.meta.url), 'utf8')));

/** Adds each count of `more` to the same count of `into`. */
function addLosses<K extends string>(
  into: Record<K, number>,
  more: Readonly<Partial<Record<K, number>>>,
): void {
  for (const key of Object.keys(more) as K[]) into[key] += more[key] ?? 0;
}

describe('fuzzed inputs through the real handler entry points', () => {
  it(
    'gives each fuzzed retry message its outcome or its typed error, and never throws',
    async () => {
      clock.set(stoppedAt(jobEvent('ec2-spot-host-terminated')) + 5_000);
      const world = new AwsWorld(29);
      world.install(examplePolicies);
      await functions.decide(sqsRecord(jobEvent('ec2-spot-host-terminated')));
      const messages = world.sent.map((body) => JSON.parse(body) as unknown);
      const count = scaled(300, 10_000);
      const lost = await throughHandler(
        functions,
        sample(fuzzedJson(messages), count, 19),
        functions.resubmit,
      );
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
        const one = await throughHandler(functions, [body], functions.decide);
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
