import { describe, expect, it } from 'vitest';
import { createBatchClient } from '#adapters/aws/batch/client.js';
import { createDynamoDbClient } from '#adapters/aws/dynamodb/client.js';
import { createSqsClient } from '#adapters/aws/sqs/client.js';

describe('AWS client factories', () => {
  it.each([
    ['Batch', createBatchClient],
    ['SQS', createSqsClient],
    ['DynamoDB', createDynamoDbClient],
  ])('create the %s client in adaptive retry mode', async (_name, create) => {
    const client = create();
    const strategy = await client.config.retryStrategy();

    expect(strategy).toMatchObject({ mode: 'adaptive' });
  });

  it('make one attempt per Batch call, so SubmitJob is never repeated by the SDK', async () => {
    expect(await createBatchClient().config.maxAttempts()).toBe(1);
    expect(await createSqsClient().config.maxAttempts()).toBe(3);
  });

  it('use the given region and endpoint', async () => {
    const client = createDynamoDbClient({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:4567' });

    expect(await client.config.region()).toBe('eu-west-1');
    expect(await client.config.endpoint?.()).toMatchObject({
      hostname: '127.0.0.1',
      port: 4567,
      protocol: 'http:',
    });
  });
});
