import type { SubmitJobCommandInput } from '@aws-sdk/client-batch';
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import type { RetryMessage } from '#core/orchestrator/retry-message.js';
import type { LedgerPort } from '#core/ports/ledger.js';
import type { AwsRequests } from './harness-requests.js';
import type { LogLine } from './log-capture.js';

/** A message the handlers sent to the retries queue, as SQS accepted it. */
export interface SentRetry {
  readonly message: RetryMessage;
  readonly delaySeconds: number | undefined;
}

/** Both handlers after a cold start, their mocks, the ledger behind them, and what they logged. */
export interface Functions {
  /** The ledger table the handlers write, read through its own client. */
  readonly ledger: LedgerPort;
  /** Every retry message sent to the retries queue, in order (alert digest timers are in `timers`). */
  readonly sent: SentRetry[];
  /** Every alert digest timer sent to the retries queue, as its body, in order. */
  readonly timers: string[];
  /** Every SNS Publish to the alert topic, in order. */
  readonly published: PublishCommandInput[];
  /** Every SubmitJob that succeeded (a child was created), in order, with the child's job id. */
  readonly submitted: { readonly input: SubmitJobCommandInput; readonly childJobId: string }[];
  /** Every JSON log line written while a handler ran. */
  readonly logs: LogLine[];
  decide(...records: SQSRecord[]): Promise<SQSBatchResponse>;
  resubmit(...records: SQSRecord[]): Promise<SQSBatchResponse>;
  /** Invokes the await function as a state machine's waitForTaskToken step does, with `payload`. */
  awaitTask(payload: unknown): Promise<unknown>;
  /**
   * The next SubmitJob rejects with `error`; later ones succeed again. (The mocks' `rejectsOnce`
   * counts calls from the first one ever made, so it misses once a command was already sent.)
   */
  rejectNextSubmitJob(error: Error): void;
  /** The next SendMessage rejects with `error`; later ones succeed again. */
  rejectNextSendMessage(error: Error): void;
  /** The next SubmitJob creates its job, but its answer is lost on the way back (a socket timeout). */
  loseNextSubmitJobAnswer(): void;
  /**
   * The AWS requests the handlers (and the test) made since the last call, by service and operation:
   * DynamoDB as dynalite received them on the wire, Batch, SQS and SSM as their clients sent them.
   */
  takeRequests(): AwsRequests;
}

/** How the functions are deployed in a test file. */
export interface FunctionOptions {
  /** `LINEAGE_EVENT_BUS`: lineage events go to this bus; unset, none are published. */
  readonly eventBus?: string;
}
