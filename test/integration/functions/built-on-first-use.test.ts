import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { globalConfig } from 'zod/v4/core';
import { eventFixtureText } from '../../fixtures/events/load-fixture.js';

/** Set when a source module imports re2js as an ECMAScript module (evaluated with its importer). */
const re2jsImported = vi.hoisted(() => ({ asModule: false }));
vi.mock('re2js', async (importOriginal) => {
  re2jsImported.asModule = true;
  return importOriginal();
});

/**
 * What a decide container builds at import and what waits for its first use (docs/performance.md,
 * figure 3). Counted, not timed: zod calls `globalConfig.postProcessor` once for every schema node it
 * constructs; an ECMAScript import of re2js goes through vitest's mock above; re2js required on first
 * use (re2js-on-first-use.cjs) is in Node's require cache. Before schemas were built on first use,
 * importing the handler built 848 nodes and evaluated re2js.
 */
describe('a decide container at import', () => {
  let built = 0;
  const required = () =>
    Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes('/node_modules/re2js/'));
  const previous = { postProcessor: globalConfig.postProcessor, env: { ...process.env } };

  beforeAll(() => {
    globalConfig.postProcessor = () => {
      built += 1;
    };
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      LEDGER_TABLE: 'ledger-on-first-use',
      RETRIES_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/retries',
    });
  });
  afterAll(() => {
    globalConfig.postProcessor = previous.postProcessor;
    process.env = previous.env;
  });

  it('builds only the schemas of its environment; events, policies and regexes wait for their first use', async () => {
    await import('#functions/decide/handler.js');
    const atImport = built;
    expect(atImport).toBeGreaterThan(0);
    expect(atImport).toBeLessThan(100);
    expect(re2jsImported.asModule || required()).toBe(false);

    const { parseEventJson } = await import('#core/events/index.js');
    parseEventJson(eventFixtureText('ec2-spot-host-terminated'), 'ec2-spot-host-terminated.json');
    const afterEvent = built;
    expect(afterEvent - atImport).toBeGreaterThan(100);
    parseEventJson(eventFixtureText('application-exit-1'), 'application-exit-1.json');
    expect(built).toBe(afterEvent);

    const { parsePolicyDocument } = await import('#core/policy/index.js');
    const policy = readFileSync(new URL('../../../examples/policies/default.json', import.meta.url), 'utf8');
    expect(parsePolicyDocument(policy, 'default.json').ok).toBe(true);
    expect(built - afterEvent).toBeGreaterThan(200);
    expect(re2jsImported.asModule || required()).toBe(false);

    const { linearRegexTest } = await import('#core/match/linear-regex.js');
    expect(linearRegexTest('^Host EC2 .* terminated', 'Host EC2 (instance i-0abc) terminated.')).toBe(true);
    expect(required()).toBe(true);
    expect(re2jsImported.asModule).toBe(false);
  });
});
