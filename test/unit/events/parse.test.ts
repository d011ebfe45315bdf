import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { EventParseError } from '#core/events/errors.js';
import { describeIssues, parseEvent, parseEventJson, parseSqsRecord } from '#core/events/index.js';
import { eventFixtureText, loadEventFixture } from '../../fixtures/events/load-fixture.js';

const OOM = loadEventFixture('ec2-out-of-memory-137');
const ONE_MB = 'x'.repeat(1024 * 1024);

/** Runs `act` and returns the EventParseError it threw (failing the test if it threw anything else). */
function parseErrorOf(act: () => unknown): EventParseError {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(EventParseError);
    return error as EventParseError;
  }
  throw new Error('expected an EventParseError, but parsing succeeded');
}

describe('parseEvent', () => {
  it('keeps fields it does not know, at every level', () => {
    const raw = structuredClone(OOM);
    raw.newEnvelopeField = 'kept';
    raw.detail.someFutureField = { nested: [1, 2] };
    const [attempt] = raw.detail.attempts as Array<Record<string, unknown>>;
    Object.assign(attempt ?? {}, { futureAttemptField: true });

    const job = parseEvent(raw, 'oom.json');

    expect(job.detail.someFutureField).toEqual({ nested: [1, 2] });
    expect(job.detail.attempts?.[0]).toHaveProperty('futureAttemptField', true);
  });

  it('accepts a bare job detail, as DescribeJobs returns it, without envelope facts', () => {
    const job = parseEvent(structuredClone(OOM.detail), 'describe-jobs.json');

    expect(job.jobId).toBe(OOM.detail.jobId);
    expect(job.event).toBeUndefined();
    expect(job.attempts[0]?.exitCode).toBe(137);
  });

  it('rejects JSON that is not an object, naming the input and the document', () => {
    const error = parseErrorOf(() => parseEvent([1, 2], 'events.json#3'));

    expect(error.input).toBe('events.json#3');
    expect(error.field).toBe('');
    expect(error.problem).toMatch(/not a JSON object/);
    expect(error.transient).toBe(false);
  });

  it('rejects a different detail-type, saying which one it got', () => {
    const raw = structuredClone(OOM);
    raw['detail-type'] = 'Batch Job Queue Blocked';

    const error = parseErrorOf(() => parseEvent(raw, 'blocked.json'));

    expect(error.field).toBe('detail-type');
    expect(error.problem).toBe('is "Batch Job Queue Blocked"; expected "Batch Job State Change"');
  });

  it('rejects a different source', () => {
    const raw = structuredClone(OOM);
    raw.source = 'aws.ecs';

    const error = parseErrorOf(() => parseEvent(raw, 'ecs.json'));

    expect(error.field).toBe('source');
    expect(error.message).toBe('ecs.json: source: is "aws.ecs"; expected "aws.batch"');
  });

  it('rejects an event without a jobId, naming detail.jobId', () => {
    const raw = structuredClone(OOM);
    delete raw.detail.jobId;

    const error = parseErrorOf(() => parseEvent(raw, 'no-id.json'));

    expect(error.field).toBe('detail.jobId');
    expect(error.problem).toMatch(/^is missing/);
  });

  it('rejects attempts that is not a list, naming detail.attempts', () => {
    const raw = structuredClone(OOM);
    raw.detail.attempts = { container: { exitCode: 1 } };

    const error = parseErrorOf(() => parseEvent(raw, 'bad-attempts.json'));

    expect(error.field).toBe('detail.attempts');
    expect(error.problem).toBe('should be a list but is an object');
  });

  it('names the exact path of a wrongly typed nested value', () => {
    const raw = structuredClone(OOM);
    const [attempt] = raw.detail.attempts as Array<{ container: Record<string, unknown> }>;
    Object.assign(attempt?.container ?? {}, { exitCode: '137' });

    const error = parseErrorOf(() => parseEvent(raw, 'string-exit.json'));

    expect(error.field).toBe('detail.attempts[0].container.exitCode');
    expect(error.problem).toBe('should be a number but is "137"');
  });

  it('rejects a 1 MB reason, naming the field and never echoing the value', () => {
    const raw = structuredClone(OOM);
    raw.detail.statusReason = ONE_MB;

    const error = parseErrorOf(() => parseEvent(raw, 'huge.json'));

    expect(error.field).toBe('detail.statusReason');
    expect(error.problem).toMatch(/too long \(1048576 characters\); at most 16384/);
    expect(error.message.length).toBeLessThan(200);
  });

  it('rejects a tag whose key is too long, in our words, without echoing the key', () => {
    const raw = structuredClone(OOM) as typeof OOM & { detail: { tags?: Record<string, string> } };
    raw.detail.tags = { ['k'.repeat(2_000)]: 'v' };

    const error = parseErrorOf(() => parseEvent(raw, 'long-tag-key.json'));

    expect(error.field).toBe(`detail.tags.${'k'.repeat(20)}...(a key of 2000 characters)`);
    expect(error.problem).toBe(
      'has a key that is not accepted: the key must be at most 1024 characters long',
    );
    expect(error.message.length).toBeLessThan(300);
  });

  it('rejects a 1 MB string even in a field it does not know', () => {
    const raw = structuredClone(OOM);
    raw.detail.futureBlob = { text: ONE_MB };

    const error = parseErrorOf(() => parseEvent(raw, 'huge-unknown.json'));

    expect(error.field).toBe('detail.futureBlob.text');
  });

  it('rejects a job status AWS does not have, listing the ones it does', () => {
    const raw = structuredClone(OOM);
    raw.detail.status = 'EXPLODED';

    const error = parseErrorOf(() => parseEvent(raw, 'status.json'));

    expect(error.field).toBe('detail.status');
    expect(error.problem).toMatch(/^is "EXPLODED"; expected one of "SUBMITTED", .*"FAILED"$/);
  });
});

describe('parseEventJson', () => {
  it('rejects a 1 MB string in a field it does not know, from the text as from the value', () => {
    const raw = structuredClone(OOM);
    raw.detail.futureBlob = { text: ONE_MB };

    const error = parseErrorOf(() => parseEventJson(JSON.stringify(raw), 'huge-unknown.json'));

    expect(error.field).toBe('detail.futureBlob.text');
  });

  it('rejects absurd nesting in a field it does not know, however short the text', () => {
    const raw = structuredClone(OOM);
    let nested: unknown = [];
    for (let i = 0; i < 100; i++) nested = [nested];
    raw.detail.futureList = nested;

    const error = parseErrorOf(() => parseEventJson(JSON.stringify(raw), 'deep.json'));

    expect(error.field).toMatch(/^detail\.futureList(\[0\])+$/);
    expect(error.problem).toBe('is nested more than 64 levels deep');
  });

  it('parses the text of a fixture', () => {
    const job = parseEventJson(eventFixtureText('succeeded'), 'succeeded.json');

    expect(job.status).toBe('SUCCEEDED');
  });

  it('rejects text that is not JSON as a problem of the whole document', () => {
    const error = parseErrorOf(() => parseEventJson('{"detail-type": ', 'truncated.json'));

    expect(error.input).toBe('truncated.json');
    expect(error.field).toBe('');
    expect(error.problem).toMatch(/^is not JSON/);
  });

  it('rejects a JSON string', () => {
    const error = parseErrorOf(() => parseEventJson('"Batch Job State Change"', 'string.json'));

    expect(error.field).toBe('');
    expect(error.problem).toMatch(/not a JSON object/);
  });
});

describe('parseSqsRecord', () => {
  it('parses an event delivered as an SQS message body', () => {
    const job = parseSqsRecord({ messageId: 'm-1', body: eventFixtureText('fargate-spot-interruption') });

    expect(job.platform).toBe('FARGATE');
  });

  it('names the SQS message when the body is not an event', () => {
    const error = parseErrorOf(() =>
      parseSqsRecord({ messageId: '059f36b4-87a3', body: '{"hello":"world"}' }),
    );

    expect(error.input).toBe('sqs message 059f36b4-87a3');
    expect(error.field).toBe('detail-type');
    expect(error.problem).toMatch(/^is missing/);
  });

  it('names the SQS message when the body is not JSON', () => {
    const error = parseErrorOf(() => parseSqsRecord({ messageId: 'abc', body: 'not json' }));

    expect(error.message).toMatch(/^sqs message abc: \(document\): is not JSON/);
  });
});

describe('parseEvent with more attempts than AWS Batch allows', () => {
  it('reads only the last ten of 80,000 listed attempts, and says how many were listed', () => {
    const raw = structuredClone(OOM);
    const [attempt] = raw.detail.attempts as unknown[];
    raw.detail.attempts = Array.from({ length: 80_000 }, () => structuredClone(attempt));

    const job = parseEvent(raw, 'huge.json');

    expect(job.attempts).toHaveLength(10);
    expect(job.attemptsListed).toBe(80_000);
    expect((raw.detail.attempts as unknown[]).length).toBe(80_000);
  });

  it('leaves an event with at most ten attempts as it is', () => {
    const job = parseEvent(structuredClone(OOM), 'oom.json');

    expect(job.attemptsListed).toBeUndefined();
  });
});

describe('describeIssues', () => {
  it("words any problem itself, never with zod's message (zod/mini installs none)", () => {
    const issue = {
      code: 'too_small',
      origin: 'array',
      minimum: 1,
      inclusive: true,
      path: ['detail', 'attempts'],
      message: 'Invalid input',
      input: [],
    } as unknown as z.core.$ZodIssue;

    expect(describeIssues([issue], { detail: { attempts: [] } })).toEqual([
      { field: 'detail.attempts', problem: 'is not valid (must be at least 1 entries)' },
    ]);
  });
});
