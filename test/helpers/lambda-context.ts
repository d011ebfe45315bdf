import type { Context } from 'aws-lambda';

/** How long every test invocation pretends to have left: 60 s, a typical function timeout. */
const REMAINING_MS = 60_000;

let invocations = 0;

/**
 * A Lambda context for invoking a handler in-process. Each call has its own `awsRequestId` (a
 * counter, so logs are repeatable); the deprecated callback methods throw, since async handlers
 * must not use them.
 */
export function lambdaContext(functionName: string): Context {
  invocations += 1;
  const unsupported = () => {
    throw new Error('async handlers must not call the deprecated context callbacks');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: `request-${invocations.toString().padStart(6, '0')}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2024/05/14/[$LATEST]0123456789abcdef0123456789abcdef',
    getRemainingTimeInMillis: () => REMAINING_MS,
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
