import {
  DescribeJobsCommand,
  type DescribeJobsCommandInput,
  ListJobsCommand,
  type ListJobsCommandInput,
  SubmitJobCommand,
  type SubmitJobCommandInput,
} from '@aws-sdk/client-batch';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import {
  RequestThrottled,
  SendMessageBatchCommand,
  type SendMessageBatchCommandInput,
  SendMessageCommand,
  type SendMessageCommandInput,
} from '@aws-sdk/client-sqs';
import { GetParametersByPathCommand } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { vi } from 'vitest';
import { SeededRandom } from '#adapters/memory/index.js';
import { batchMock, POLICY_PREFIX, sqsMock, ssmMock } from '../integration/functions/harness.js';

/** How often each AWS call fails (probabilities, 0 to 1); all 0 by default. */
export interface Faults {
  /** SubmitJob answers 429 TooManyRequestsException and creates nothing. */
  readonly submitJobThrottled?: number;
  /** A ledger write (PutItem, UpdateItem) is throttled before DynamoDB applies it. */
  readonly ledgerWriteThrottled?: number;
  /** A ledger write is applied, then its answer is lost (a socket timeout). */
  readonly ledgerWriteTimedOut?: number;
  /** SendMessage / SendMessageBatch is refused (throttled) and sends nothing. */
  readonly sendRefused?: number;
}

/** A job the fake Batch created. */
export interface CreatedJob {
  readonly jobId: string;
  readonly input: SubmitJobCommandInput;
  readonly createdAt: number;
}

/** How many calls were made and how many of them the world made fail, by kind. */
export interface FaultCounts {
  submitJobs: number;
  submitJobsThrottled: number;
  ledgerWrites: number;
  ledgerWritesThrottled: number;
  ledgerWritesTimedOut: number;
  sends: number;
  sendsRefused: number;
}

const throttled429 = () =>
  Object.assign(new Error('Too Many Requests'), {
    name: 'TooManyRequestsException',
    $fault: 'client',
    $metadata: { httpStatusCode: 429 },
  });

/**
 * AWS as the reliability suite sees it, behind the function harness's SDK mocks: SSM serves the
 * given policies; Batch creates jobs and finds them again by queue and name (ListJobs, DescribeJobs)
 * as real Batch does after a lost answer; SQS keeps every message sent to the retries queue. Each
 * call fails with the probability `faults` gives, drawn from `seed` and what the call is about, so a
 * run is repeatable.
 * Install it inside a test (the harness resets its mocks before each test).
 */
export class AwsWorld {
  readonly created: CreatedJob[] = [];
  /** Bodies of the messages SQS accepted, oldest first; the queue model takes them from here. */
  readonly sent: string[] = [];
  readonly counts: FaultCounts = {
    submitJobs: 0,
    submitJobsThrottled: 0,
    ledgerWrites: 0,
    ledgerWritesThrottled: 0,
    ledgerWritesTimedOut: 0,
    sends: 0,
    sendsRefused: 0,
  };

  readonly #calls = new Map<string, number>();

  constructor(
    private readonly seed: number,
    private readonly faults: Faults = {},
  ) {}

  /** Serves `policies` (documents with a `name`) from SSM, each as the parameter of its name. */
  servePolicies(policies: readonly { readonly name: string }[]): void {
    this.serveParameters(policies.map((p) => ({ name: p.name, value: JSON.stringify(p) })));
  }

  /** Serves parameters under the policy prefix as they are, whatever they hold, at `version`. */
  serveParameters(
    parameters: readonly { readonly name: string; readonly value: string }[],
    version = 1,
  ): void {
    ssmMock.on(GetParametersByPathCommand).resolves({
      Parameters: parameters.map((p) => ({
        Name: `${POLICY_PREFIX}${p.name}`,
        Type: 'String' as const,
        Value: p.value,
        Version: version,
      })),
    });
  }

  install(policies: readonly { readonly name: string }[]): void {
    this.servePolicies(policies);
    batchMock.on(SubmitJobCommand).callsFake((input: SubmitJobCommandInput) => this.#submitJob(input));
    batchMock.on(ListJobsCommand).callsFake((input: ListJobsCommandInput) => this.#listJobs(input));
    batchMock
      .on(DescribeJobsCommand)
      .callsFake((input: DescribeJobsCommandInput) => this.#describeJobs(input));
    sqsMock.on(SendMessageCommand).callsFake((input: SendMessageCommandInput) => {
      this.#send(input.MessageBody ?? '');
      this.sent.push(input.MessageBody ?? '');
      return { MessageId: `m-${this.sent.length}` };
    });
    sqsMock.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => {
      const entries = input.Entries ?? [];
      this.#send(entries.map((e) => e.MessageBody ?? '').join('\n'));
      const successful = entries.map((entry) => {
        this.sent.push(entry.MessageBody ?? '');
        return { Id: entry.Id, MessageId: `m-${this.sent.length}`, MD5OfMessageBody: '' };
      });
      return { Successful: successful, Failed: [] };
    });
    this.#faultLedgerWrites();
  }

  /**
   * A draw for the n-th call about `subject` (a job name, a ledger key): the same subject meets the
   * same luck whatever the order in which concurrent invocations reach the mocks.
   */
  #draw(kind: string, subject: string): number {
    const key = `${kind}|${subject}`;
    const n = (this.#calls.get(key) ?? 0) + 1;
    this.#calls.set(key, n);
    return SeededRandom.derive(this.seed, hash(key), n).next();
  }

  #submitJob(input: SubmitJobCommandInput) {
    this.counts.submitJobs += 1;
    if (this.#draw('SubmitJob', input.jobName ?? '') < (this.faults.submitJobThrottled ?? 0)) {
      this.counts.submitJobsThrottled += 1;
      throw throttled429();
    }
    const jobId = `c41d0000-0000-4000-8000-${(this.created.length + 1).toString().padStart(12, '0')}`;
    this.created.push({ jobId, input: structuredClone(input), createdAt: Date.now() });
    return { jobId, jobName: input.jobName, jobArn: `arn:aws:batch:us-east-1:123456789012:job/${jobId}` };
  }

  #listJobs(input: ListJobsCommandInput) {
    const name = input.filters?.find((f) => f.name === 'JOB_NAME')?.values?.[0];
    const jobs = this.created.filter((j) => j.input.jobQueue === input.jobQueue && j.input.jobName === name);
    return {
      jobSummaryList: jobs.map((j) => ({ jobId: j.jobId, jobName: j.input.jobName, createdAt: j.createdAt })),
    };
  }

  #describeJobs(input: DescribeJobsCommandInput) {
    const wanted = new Set(input.jobs ?? []);
    const jobs = this.created
      .filter((j) => wanted.has(j.jobId))
      .map((j) => ({
        jobId: j.jobId,
        jobName: j.input.jobName,
        jobQueue: j.input.jobQueue,
        jobDefinition: j.input.jobDefinition,
        status: 'RUNNABLE',
        createdAt: j.createdAt,
        tags: j.input.tags,
      }));
    return { jobs };
  }

  #send(bodies: string): void {
    this.counts.sends += 1;
    if (this.#draw('SendMessage', bodies) < (this.faults.sendRefused ?? 0)) {
      this.counts.sendsRefused += 1;
      throw new RequestThrottled({ message: 'Request is throttled.', $metadata: {} });
    }
  }

  /** Ledger writes go through lib-dynamodb's document client: fail some before or after dynalite applies them. */
  #faultLedgerWrites(): void {
    const { ledgerWriteThrottled = 0, ledgerWriteTimedOut = 0 } = this.faults;
    if (ledgerWriteThrottled === 0 && ledgerWriteTimedOut === 0) return;
    const send = DynamoDBDocumentClient.prototype.send as (...args: unknown[]) => Promise<unknown>;
    const world = this;
    async function faulty(this: DynamoDBDocumentClient, ...args: unknown[]): Promise<unknown> {
      const command = args[0];
      if (!(command instanceof PutCommand || command instanceof UpdateCommand)) return send.apply(this, args);
      world.counts.ledgerWrites += 1;
      const { Key, UpdateExpression } = (command as PutCommand | UpdateCommand).input as {
        Key?: unknown;
        UpdateExpression?: string;
      };
      const item = (command as PutCommand).input.Item;
      const subject = JSON.stringify(Key ?? { pk: item?.pk, sk: item?.sk }) + (UpdateExpression ?? 'put');
      const draw = world.#draw('LedgerWrite', subject);
      if (draw < ledgerWriteThrottled) {
        world.counts.ledgerWritesThrottled += 1;
        const message = 'The level of configured provisioned throughput for the table was exceeded.';
        throw new ProvisionedThroughputExceededException({ message, $metadata: {} });
      }
      const result = await send.apply(this, args);
      if (draw < ledgerWriteThrottled + ledgerWriteTimedOut) {
        world.counts.ledgerWritesTimedOut += 1;
        throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
      }
      return result;
    }
    vi.spyOn(DynamoDBDocumentClient.prototype, 'send').mockImplementation(faulty as typeof send as never);
  }
}

/** FNV-1a of `text`, 32 bits. */
function hash(text: string): number {
  let h = 0x811c_9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x0100_0193);
  return h >>> 0;
}
