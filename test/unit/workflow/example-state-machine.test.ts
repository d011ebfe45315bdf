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

  it("catches batch-retry's final failures instead of retrying them, and retries only Lambda's own faults", () => {
    const retried = errorsOf(wait.Retry);
    const caught = errorsOf(wait.Catch);

    expect(caught).toEqual(expect.arrayContaining(Object.values(TASK_ERRORS)));
    expect(retried.every((error) => error.startsWith('Lambda.'))).toBe(true);
    for (const refusal of Object.values(AWAIT_ERRORS)) expect(retried).not.toContain(refusal);
  });
});
