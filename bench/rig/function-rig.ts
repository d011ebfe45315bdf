import { join } from 'node:path';
import type { SQSRecord } from 'aws-lambda';
import { createLedgerTable, type RunningDynalite, startDynalite } from '../../test/helpers/dynalite.js';
import { sqsEvent, sqsRecord } from '../../test/helpers/sqs-records.js';
import type { BenchContext } from '../figure.js';
import { AwsStandIns } from './aws-stand-ins.js';
import { bundles, type FunctionName } from './bundles.js';
import { FunctionContainer, type Invocation } from './container.js';

const POLICY_PREFIX = '/batch-retry/policies/';
/** Records per invocation: the event source mappings' batch size. */
export const SQS_BATCH_SIZE = 10;
const TABLE = 'bench-ledger';
/**
 * The function memory the containers run as (Lambda's heap limits for it, container.ts): the
 * smallest Lambda size, which issue 10's memory target is about.
 */
export const FUNCTION_MEMORY_MIB = 128;

/**
 * What every container's environment holds, as Lambda sets it for function `name`: the region,
 * dummy credentials (no shared config or credentials file is read) and the function's name;
 * `BENCH_HOST_LOGS` passed on (function-host.ts). The scenario adds its endpoints and variables.
 */
export function lambdaEnvironment(context: BenchContext, name: FunctionName): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_CONFIG_FILE: join(context.scratch, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(context.scratch, 'no-aws-credentials'),
    AWS_LAMBDA_FUNCTION_NAME: `batch-retry-${name}`,
    ...(process.env.BENCH_HOST_LOGS === undefined ? {} : { BENCH_HOST_LOGS: process.env.BENCH_HOST_LOGS }),
  };
}

/** A policy document as pushed to SSM (it must carry its `name`). */
export type PolicyDocument = Readonly<Record<string, unknown>> & { readonly name: string };

/**
 * The functions as Lambda runs them, on this machine: each handler bundle (SDK bundled) in its own
 * Node 22 container process, dynalite for the ledger and the AWS stand-ins for SSM, SQS, Batch and
 * SNS, every request counted on the way. `now` is the scenario's clock (epoch ms), which the
 * handlers read; SQS is played by the rig: it hands events to decide and each message sent to the
 * retries queue to resubmit when due, in batches of {@link SQS_BATCH_SIZE}.
 */
export class FunctionRig {
  now = 0;
  readonly #containers: FunctionContainer[] = [];

  private constructor(
    readonly aws: AwsStandIns,
    readonly decide: FunctionContainer,
    readonly resubmit: FunctionContainer,
    readonly launch: (name: FunctionName) => Promise<FunctionContainer>,
    readonly dynamo: RunningDynalite,
  ) {
    this.#containers.push(decide, resubmit);
  }

  /** Starts dynalite, the stand-ins (serving `policies`) and a container of each function. */
  static async start(
    context: BenchContext,
    policies: readonly PolicyDocument[],
    cacheSeconds = 60,
  ): Promise<FunctionRig> {
    const built = await bundles(context);
    const dynamo = await startDynalite();
    await createLedgerTable(dynamo.endpoint, TABLE);
    const aws = await AwsStandIns.start(dynamo.endpoint);
    aws.parameters = policies.map((p) => ({
      Name: `${POLICY_PREFIX}${p.name}`,
      Value: JSON.stringify(p),
      Version: 1,
    }));
    const start = (name: FunctionName) =>
      FunctionContainer.start(built.host, built.functions[name], containerEnv(name), FUNCTION_MEMORY_MIB);
    const containerEnv = (name: FunctionName): NodeJS.ProcessEnv => ({
      ...lambdaEnvironment(context, name),
      AWS_ENDPOINT_URL: aws.endpoint,
      LEDGER_TABLE: TABLE,
      // The SQS client sends to the queue URL's host: the stand-ins' own.
      RETRIES_QUEUE_URL: `${aws.endpoint}/123456789012/batch-retry-retries`,
      POLICY_PREFIX,
      POLICY_CACHE_SECONDS: String(cacheSeconds),
      // Alerts are published to the topic (the stand-in answers SNS), as the stack deploys them.
      ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:batch-retry-alerts',
    });
    const rig = new FunctionRig(aws, await start('decide'), await start('resubmit'), start, dynamo);
    aws.takeRequests(); // cold starts make no request; anything here would be a surprise worth not counting
    return rig;
  }

  /** Another container of `name`, cold (stopped with the rig). */
  async coldContainer(name: FunctionName): Promise<FunctionContainer> {
    const container = await this.launch(name);
    this.#containers.push(container);
    return container;
  }

  /** Hands `events` to decide in SQS batches; every record must succeed. */
  async decideEvents(events: readonly unknown[], container = this.decide): Promise<Invocation[]> {
    return this.#deliver(
      container,
      events.map((event) => sqsRecord(event, { sentAt: this.now })),
    );
  }

  /**
   * Delivers every message sent to the retries queue to resubmit once due (the clock moves to the
   * last due time), again until no message is left (a long backoff re-enqueues). Returns the invocations.
   */
  async resubmitDue(): Promise<Invocation[]> {
    const invocations: Invocation[] = [];
    for (let sent = this.aws.takeSent(); sent.length > 0; sent = this.aws.takeSent()) {
      const dueAt = Math.max(...sent.map((m) => (JSON.parse(m.body) as { dueAt: number }).dueAt));
      this.now = Math.max(this.now, dueAt + 1_000);
      const records = sent.map((m) => sqsRecord(m.body, { sentAt: this.now }));
      invocations.push(...(await this.#deliver(this.resubmit, records)));
    }
    return invocations;
  }

  async stop(): Promise<void> {
    await Promise.all(this.#containers.map((c) => c.stop()));
    await this.aws.stop();
    await this.dynamo.stop();
  }

  async #deliver(container: FunctionContainer, records: readonly SQSRecord[]): Promise<Invocation[]> {
    const invocations: Invocation[] = [];
    for (let i = 0; i < records.length; i += SQS_BATCH_SIZE) {
      const invocation = await container.invoke(sqsEvent(...records.slice(i, i + SQS_BATCH_SIZE)), this.now);
      const failures = invocation.response.batchItemFailures;
      if (failures.length > 0)
        throw new Error(`${failures.length} record(s) failed: ${JSON.stringify(failures)}`);
      invocations.push(invocation);
    }
    return invocations;
  }
}
