import { OrchestratorError } from '#core/errors.js';

/** The Batch API calls the adapter makes. */
export type BatchOperation = 'SubmitJob' | 'ListJobs' | 'DescribeJobs' | 'DescribeJobQueues';

/**
 * AWS Batch refused a request for a reason that repeating it cannot fix (`ClientException`: a
 * deregistered job definition revision, an unknown or disabled queue, an invalid override, missing
 * IAM permission). Permanent: do not redeliver; close the lineage and alert.
 */
export class BatchRejectedError extends OrchestratorError {
  readonly operation: BatchOperation;
  /** Batch's error code, e.g. `ClientException`. */
  readonly code: string;
  /** Batch's own words, e.g. `Job definition ... is INACTIVE`. */
  readonly batchMessage: string;

  constructor(
    operation: BatchOperation,
    subject: string,
    code: string,
    batchMessage: string,
    cause: unknown,
  ) {
    super(
      `AWS Batch rejected ${operation} for ${subject}: ${code}: ${batchMessage}. Nothing was changed in Batch. ` +
        `${NEXT_STEP[operation]}`,
      { transient: false, cause, context: { operation, subject, code } },
    );
    this.operation = operation;
    this.code = code;
    this.batchMessage = batchMessage;
  }
}

/**
 * AWS Batch could not answer now (throttling such as `TooManyRequestsException`, a 5xx, a network
 * fault or timeout). Transient: throw so that SQS redelivers. After a 5xx or a network fault a
 * SubmitJob may still have created the job: the caller must look for it (by lineage tag) before
 * submitting again. Throttling is refused before Batch acts, so it sets `notApplied`.
 */
export class BatchUnavailableError extends OrchestratorError {
  readonly operation: BatchOperation;
  readonly code: string;

  constructor(
    operation: BatchOperation,
    subject: string,
    code: string,
    message: string,
    cause: unknown,
    throttled: boolean,
  ) {
    super(
      `AWS Batch did not complete ${operation} for ${subject} (${code}: ${message}); ` +
        'the message is redelivered and the call retried.',
      { transient: true, notApplied: throttled, cause, context: { operation, subject, code } },
    );
    this.operation = operation;
    this.code = code;
  }
}

const NEXT_STEP: Readonly<Record<BatchOperation, string>> = {
  SubmitJob:
    'Check that the job definition revision is still ACTIVE (aws batch describe-job-definitions), that the ' +
    'queue exists and is ENABLED, and that the resubmit function may call batch:SubmitJob and batch:TagResource; ' +
    'then fix the policy (fallback queue) or register a new revision and resubmit the job by hand.',
  ListJobs:
    'Check the queue name or ARN and that the resubmit function may call batch:ListJobs; until then a crashed ' +
    'resubmission cannot be recognised and is not repeated.',
  DescribeJobs: 'Check that the resubmit and reconcile functions may call batch:DescribeJobs.',
  DescribeJobQueues:
    'Check that the reconcile function may call batch:DescribeJobQueues (needed when every queue is watched).',
};

const THROTTLING_CODES: ReadonlySet<string> = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
]);

interface SdkErrorShape {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly $fault?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
}

/**
 * Wraps whatever the SDK threw into a typed error. Transient: throttling codes, HTTP 429 and 5xx,
 * server faults, and errors without an HTTP response (network, timeout). Permanent: every other
 * client fault (4xx), e.g. `ClientException`. `subject` names the job or query for the operator.
 */
export function toBatchError(error: unknown, operation: BatchOperation, subject: string): OrchestratorError {
  const shape: SdkErrorShape = typeof error === 'object' && error !== null ? error : {};
  const code = typeof shape.name === 'string' ? shape.name : 'UnknownError';
  const message = typeof shape.message === 'string' ? shape.message : String(error);
  const status =
    typeof shape.$metadata?.httpStatusCode === 'number' ? shape.$metadata.httpStatusCode : undefined;
  const throttled =
    THROTTLING_CODES.has(code) || status === 429 || /too many requests|rate exceeded/i.test(message);
  const clientFault = shape.$fault === 'client' || (status !== undefined && status >= 400 && status < 500);
  if (clientFault && !throttled) {
    return new BatchRejectedError(operation, subject, code, message, error);
  }
  return new BatchUnavailableError(operation, subject, code, message, error, throttled);
}
