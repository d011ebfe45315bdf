import { readFileSync } from 'node:fs';
import type { Figure, Measurement } from '../figure.js';
import type { Invocation } from '../rig/container.js';
import { type Lifecycle, lifecycle } from '../rig/lifecycle.js';

/** The list prices (dated, with sources); a new price list is a new file, named here. */
const PRICES_FILE = 'prices-2026-12.json';
const RETRY_LOOP_FILE = 'step-functions/retry-loop.asl.json';
/** Assumed Lambda memory of both functions (MB), and the memory that buys one full vCPU. */
const LAMBDA_MEMORY_MB = 256;
const ONE_VCPU_MB = 1769;
/** Express: memory billed in 64 MB chunks (the smallest); the SubmitJob call after the wait (assumed). */
const EXPRESS_MEMORY_MB = 64;
const SUBMIT_JOB_SECONDS = 0.1;
/** At most one fifth of Step Functions Standard doing the same retries (issue 17). */
const TARGET_SHARE = 0.2;
const PER = 1e6;
const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan']);

type PriceName =
  | 'lambdaArmGbSecond'
  | 'lambdaRequest'
  | 'dynamodbWriteRequestUnit'
  | 'dynamodbReadRequestUnit'
  | 'sqsRequest'
  | 'snsPublish'
  | 'cloudwatchLogsIngestedGb'
  | 'stepFunctionsStandardTransition'
  | 'stepFunctionsExpressRequest'
  | 'stepFunctionsExpressGbSecond';
type Prices = Readonly<Record<PriceName, number>>;

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'));
}

function loadPrices(): { prices: Prices; checked: string } {
  const file = readJson(PRICES_FILE) as { checked: string; prices: Record<PriceName, { usd: number }> };
  const prices = Object.fromEntries(Object.entries(file.prices).map(([name, p]) => [name, p.usd])) as Prices;
  return { prices, checked: file.checked };
}

interface StateMachine {
  readonly StartAt: string;
  readonly States: Readonly<
    Record<string, { Type: string; Next?: string; Catch?: { Next: string }[]; Choices?: { Next: string }[] }>
  >;
}

/** States entered by one retry: from the failed task's Catch, along the retry branch, back into the task. */
export function transitionsPerRetry(machine: StateMachine): number {
  const task = machine.States[machine.StartAt];
  let name = task?.Catch?.[0]?.Next;
  let transitions = 1; // entering the task again
  while (name !== undefined && name !== machine.StartAt) {
    const state = machine.States[name];
    if (state === undefined || transitions > 20)
      throw new Error(`${RETRY_LOOP_FILE}: no way back to the task`);
    transitions += 1;
    name = state.Type === 'Choice' ? state.Choices?.[0]?.Next : state.Next;
  }
  return transitions;
}

/** Billed duration (ms, rounded up) of one invocation at LAMBDA_MEMORY_MB: its CPU at that memory's vCPU share. */
function billedMs({ wallMs, cpuMs }: Invocation): number {
  const cpuShare = Math.min(1, LAMBDA_MEMORY_MB / ONE_VCPU_MB);
  return Math.ceil(Math.max(0, wallMs - cpuMs) + cpuMs / cpuShare);
}

/** USD per retried failure of each part of batch-retry's bill, for one lifecycle run. */
function batchRetryCost(run: Lifecycle, p: Prices) {
  const invocations = [...run.decide, ...run.resubmit];
  const gbSeconds = invocations.reduce((sum, i) => sum + (billedMs(i) / 1000) * (LAMBDA_MEMORY_MB / 1024), 0);
  const dynamo = run.requests.filter((r) => r.service === 'dynamodb');
  const units = (read: boolean) =>
    dynamo.filter((r) => READS.has(r.operation) === read).reduce((sum, r) => sum + (r.capacityUnits ?? 1), 0);
  // Counted: what the functions send. Added: EventBridge delivering each event to the events queue
  // (the failure and the child's success), and the event source mapping's ReceiveMessage and
  // DeleteMessageBatch per invocation. Empty long polls are a fixed cost per queue, not per failure.
  const sqsRequests =
    run.requests.filter((r) => r.service === 'sqs').length + 2 * run.failures + 2 * invocations.length;
  const logBytes = invocations.reduce((sum, i) => sum + i.logBytes, 0);
  const total = {
    lambda: invocations.length * p.lambdaRequest + gbSeconds * p.lambdaArmGbSecond,
    dynamodb: units(false) * p.dynamodbWriteRequestUnit + units(true) * p.dynamodbReadRequestUnit,
    sqs: sqsRequests * p.sqsRequest,
    sns: run.requests.filter((r) => r.service === 'sns').length * p.snsPublish,
    logs: (logBytes / 2 ** 30) * p.cloudwatchLogsIngestedGb,
  };
  const per = (x: number) => x / run.failures;
  const extra100ms = per(invocations.length * 0.1 * (LAMBDA_MEMORY_MB / 1024) * p.lambdaArmGbSecond);
  const usage =
    `per retried failure: ${per(units(false)).toFixed(2)} WRU, ${per(units(true)).toFixed(2)} RRU, ` +
    `${per(sqsRequests).toFixed(2)} SQS requests, ${per(invocations.length).toFixed(2)} invocations, ` +
    `${per(gbSeconds * 1000).toFixed(1)} GB-ms, ${per(logBytes).toFixed(0)} log bytes`;
  return {
    parts: Object.fromEntries(Object.entries(total).map(([k, v]) => [k, per(v)])) as typeof total,
    total: per(Object.values(total).reduce((a, b) => a + b, 0)),
    extra100ms,
    usage,
  };
}

const usd = (x: number) => x * PER;
const row = (key: string, label: string, value: number, note?: string): Measurement => ({
  key: `cost.${key}`,
  label,
  value,
  unit: 'USD per 1M retried failures',
  ...(note === undefined ? {} : { note }),
});

/**
 * 7. Dollars per million retried failures: batch-retry's requests as counted in the lifecycle run
 * (dynalite and the stand-ins), its Lambda duration as measured there (CPU scaled to the vCPU share
 * of LAMBDA_MEMORY_MB), its log bytes, at the list prices of PRICES_FILE; beside Step Functions
 * Standard making the same retries (the state transitions of the retry loop in RETRY_LOOP_FILE) and
 * Step Functions Express (one execution per retry, waiting the same backoff).
 */
export const cost: Figure = {
  id: 'cost',
  title: '7. Cost',
  async measure(context) {
    const run = await lifecycle(context);
    const { prices, checked } = loadPrices();
    const ours = batchRetryCost(run, prices);
    const transitions = transitionsPerRetry(readJson(RETRY_LOOP_FILE) as StateMachine);
    const standard = transitions * prices.stepFunctionsStandardTransition;
    const expressSeconds = Math.ceil((run.meanDelaySeconds + SUBMIT_JOB_SECONDS) * 10) / 10;
    const express =
      prices.stepFunctionsExpressRequest +
      expressSeconds * (EXPRESS_MEMORY_MB / 1024) * prices.stepFunctionsExpressGbSecond;
    const sources = `list prices of bench/${PRICES_FILE} (checked ${checked}), Lambda ${LAMBDA_MEMORY_MB} MB Arm`;
    return [
      {
        ...row('batch-retry', 'batch-retry', usd(ours.total), `${ours.usage}; ${sources}`),
        target: { op: '<=', bound: usd(standard * TARGET_SHARE) },
      },
      row('batch-retry.lambda', '  of which Lambda requests and duration', usd(ours.parts.lambda)),
      row('batch-retry.dynamodb', '  of which DynamoDB', usd(ours.parts.dynamodb)),
      row('batch-retry.sqs', '  of which SQS', usd(ours.parts.sqs)),
      row('batch-retry.sns', '  of which SNS', usd(ours.parts.sns)),
      row('batch-retry.logs', '  of which CloudWatch Logs', usd(ours.parts.logs)),
      row(
        'batch-retry.per-100ms',
        '  each 100 ms more per invocation adds',
        usd(ours.extra100ms),
        'Lambda duration here is local (dynalite, stand-ins); in AWS each request waits longer',
      ),
      row(
        'step-functions-standard',
        'Step Functions Standard, same retries',
        usd(standard),
        `${transitions} state transitions per retry (bench/${RETRY_LOOP_FILE}); a Task's Retry field alone costs 1 but cannot tell failure classes apart`,
      ),
      row(
        'step-functions-express',
        'Step Functions Express, same retries',
        usd(express),
        `one execution per retry waiting the backoff: ${expressSeconds.toFixed(1)} s at ${EXPRESS_MEMORY_MB} MB (Express runs at most 5 minutes)`,
      ),
      {
        key: 'cost.share-of-step-functions-standard',
        label: 'batch-retry / Step Functions Standard',
        value: ours.total / standard,
        unit: 'x',
        target: { op: '<=', bound: TARGET_SHARE },
      },
    ];
  },
};
