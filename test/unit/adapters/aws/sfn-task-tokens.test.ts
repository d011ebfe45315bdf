import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createSfnTaskTokens } from '#adapters/aws/sfn/index.js';
import { OrchestratorError } from '#core/errors.js';

const sfnMock = mockClient(SFNClient);

afterEach(() => {
  sfnMock.reset();
});

describe('createSfnTaskTokens', () => {
  it('sends a success with its output, and a failure with its error and cause', async () => {
    sfnMock.on(SendTaskSuccessCommand).resolves({});
    sfnMock.on(SendTaskFailureCommand).resolves({});
    const tasks = createSfnTaskTokens(new SFNClient({}));

    await tasks.answer('t-1', { kind: 'success', output: '{"status":"RECOVERED"}' });
    await tasks.answer('t-2', { kind: 'failure', error: 'BatchRetry.GaveUp', cause: '{"status":"GAVE_UP"}' });

    expect(sfnMock).toHaveReceivedCommandWith(SendTaskSuccessCommand, {
      taskToken: 't-1',
      output: '{"status":"RECOVERED"}',
    });
    expect(sfnMock).toHaveReceivedCommandWith(SendTaskFailureCommand, {
      taskToken: 't-2',
      error: 'BatchRetry.GaveUp',
      cause: '{"status":"GAVE_UP"}',
    });
  });

  it("cuts a failure's cause to the 32,768 characters Step Functions accepts", async () => {
    sfnMock.on(SendTaskFailureCommand).resolves({});
    const tasks = createSfnTaskTokens(new SFNClient({}));

    await tasks.answer('t', { kind: 'failure', error: 'BatchRetry.GaveUp', cause: 'x'.repeat(40_000) });

    expect(sfnMock.commandCalls(SendTaskFailureCommand)[0]?.args[0].input.cause).toHaveLength(32_768);
  });

  it.each(['TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist'])(
    'reports a token Step Functions refuses with %s as refused, to be dropped',
    async (name) => {
      sfnMock.on(SendTaskSuccessCommand).rejects(Object.assign(new Error('no'), { name }));
      const tasks = createSfnTaskTokens(new SFNClient({}));

      await expect(tasks.answer('t', { kind: 'success', output: '{}' })).resolves.toBe('refused');
    },
  );

  it('rejects with a transient error on a failure worth retrying', async () => {
    sfnMock
      .on(SendTaskSuccessCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const tasks = createSfnTaskTokens(new SFNClient({}));

    const failure = tasks.answer('t', { kind: 'success', output: '{}' });

    await expect(failure).rejects.toBeInstanceOf(OrchestratorError);
    await expect(failure).rejects.toMatchObject({ transient: true });
  });
});
