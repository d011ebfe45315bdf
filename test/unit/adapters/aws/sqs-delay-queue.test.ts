import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqsDelayQueue } from '#adapters/aws/sqs/delay-queue.js';
import { OrchestratorError } from '#core/errors.js';

const sqsMock = mockClient(SQSClient);
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/retries';

afterEach(() => {
  sqsMock.reset();
});

describe('createSqsDelayQueue', () => {
  it('sends the message as a JSON body with the delay in whole seconds', async () => {
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    const queue = createSqsDelayQueue<{ rootJobId: string }>(new SQSClient({}), QUEUE_URL);

    await queue.send({ rootJobId: 'root-0000' }, 120);

    expect(sqsMock).toHaveReceivedCommandExactlyOnceWith(SendMessageCommand, {
      QueueUrl: QUEUE_URL,
      MessageBody: '{"rootJobId":"root-0000"}',
      DelaySeconds: 120,
    });
  });

  it.each([
    [-5, 0],
    [0.2, 1],
    [899.5, 900],
    [3600, 900],
    [Number.NaN, 0],
  ])('turns a requested delay of %s s into DelaySeconds %s', async (requested, sent) => {
    sqsMock.on(SendMessageCommand).resolves({});
    const queue = createSqsDelayQueue<string>(new SQSClient({}), QUEUE_URL);

    await queue.send('m', requested);

    expect(sqsMock).toHaveReceivedCommandWith(SendMessageCommand, { DelaySeconds: sent });
  });

  it('rethrows any SQS failure as a transient error naming the queue', async () => {
    const cause = Object.assign(new Error('Service unavailable'), { name: 'InternalError' });
    sqsMock.on(SendMessageCommand).rejects(cause);
    const queue = createSqsDelayQueue<string>(new SQSClient({}), QUEUE_URL);

    const failure = queue.send('m', 10);

    await expect(failure).rejects.toBeInstanceOf(OrchestratorError);
    await expect(failure).rejects.toMatchObject({ transient: true, cause });
    await expect(failure).rejects.toThrow(
      /\(delay 10 s\) to SQS queue .*retries: InternalError: Service unavailable/,
    );
  });
});

describe('createSqsDelayQueue().sendBatch', () => {
  const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ message: `m${i}`, delaySeconds: i }));

  it('sends up to 10 messages per SendMessageBatch, each with its own delay', async () => {
    sqsMock.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const queue = createSqsDelayQueue<string>(new SQSClient({}), QUEUE_URL);

    const results = await queue.sendBatch(entries(12));

    expect(results).toEqual(Array.from({ length: 12 }, () => undefined));
    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageBatchCommand, 2);
    expect(sqsMock.commandCalls(SendMessageBatchCommand)[1]?.args[0].input.Entries).toEqual([
      { Id: '10', MessageBody: '"m10"', DelaySeconds: 10 },
      { Id: '11', MessageBody: '"m11"', DelaySeconds: 11 },
    ]);
  });

  it('reports each entry SQS refused, and every entry of a request that failed, without rejecting', async () => {
    sqsMock
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Failed: [{ Id: '3', Code: 'InternalError', SenderFault: false, Message: 'try again' }],
      })
      .rejectsOnce(new Error('connection reset'));
    const queue = createSqsDelayQueue<string>(new SQSClient({}), QUEUE_URL);

    const results = await queue.sendBatch(entries(12));

    expect(results.map((r) => (r === undefined ? 'sent' : r.message.split(':')[0]))).toEqual([
      ...Array.from({ length: 3 }, () => 'sent'),
      'could not send a message to SQS queue https',
      ...Array.from({ length: 6 }, () => 'sent'),
      'could not send 2 message(s) to SQS queue https',
      'could not send 2 message(s) to SQS queue https',
    ]);
    expect(results[3]).toMatchObject({ transient: true });
  });
});
