import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AWAIT_ERRORS, AWAIT_TAG, TASK_ERRORS } from '#core/workflow/index.js';

/** The example with its definition substitution made, as CDK's `definitionSubstitutions` would. */
const asl = JSON.parse(
  readFileSync('examples/step-functions/await-lineage.asl.json', 'utf8').replaceAll(
    /\$\{AwaitFunctionArn\}/g,
    'arn:aws:lambda:us-east-1:123456789012:function:batch-retry-await',
  ),
) as {
  StartAt: string;
  States: Record<string, Record<string, unknown> & { Parameters?: Record<string, unknown> }>;
};

const submit = asl.States['Submit job'];
const wait = asl.States['Wait for the lineage'] ?? {};
/** The error names of a state's Retry or Catch entries. */
const errorsOf = (entries: unknown) => (entries as { ErrorEquals: string[] }[]).flatMap((e) => e.ErrorEquals);

describe('the example state machine (examples/step-functions/await-lineage.asl.json)', () => {
  it('submits the job with the tag that makes batch-retry answer the task', () => {
    expect(asl.StartAt).toBe('Submit job');
    expect(submit?.Resource).toBe('arn:aws:states:::batch:submitJob');
    expect(submit?.Parameters?.Tags).toEqual({ [AWAIT_TAG]: 'step-functions' });
    expect(submit?.Next).toBe('Wait for the lineage');
  });

  it('calls the await function with the payload its handler reads, and waits for the token', () => {
    expect(wait.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
    expect(wait.Parameters?.Payload).toEqual({
      'jobId.$': '$.submitted.JobId',
      'taskToken.$': '$$.Task.Token',
    });
  });

  it("never retries batch-retry's answers or refusals, and retries every other failure of the await function", () => {
    const [never, others, ...more] = wait.Retry as { ErrorEquals: string[]; MaxAttempts: number }[];
    const caught = errorsOf(wait.Catch);

    expect(caught).toEqual(expect.arrayContaining(Object.values(TASK_ERRORS)));
    // Retriers apply in order: batch-retry's own errors match the first, with no attempt left.
    expect(never?.MaxAttempts).toBe(0);
    expect(never?.ErrorEquals).toEqual(
      expect.arrayContaining([
        ...Object.values(TASK_ERRORS),
        ...Object.values(AWAIT_ERRORS),
        'BatchRetry.BadRequest',
        'States.Timeout',
      ]),
    );
    // A timeout or crash of the function (Lambda.Unknown, its own error names) is worth another call.
    expect(others).toMatchObject({ ErrorEquals: ['States.ALL'] });
    expect(others?.MaxAttempts).toBeGreaterThan(0);
    expect(more).toEqual([]);
  });
});
