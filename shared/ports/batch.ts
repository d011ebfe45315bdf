/**
 * The subset of AWS Batch the orchestrator uses, in the shapes of the Batch API (SubmitJob field
 * names), declared here so that the core never imports the AWS SDK. `shared/aws/` adapts it.
 */
export interface KeyValuePair {
  readonly name: string;
  readonly value: string;
}

export interface ResourceRequirement {
  readonly type: 'GPU' | 'VCPU' | 'MEMORY';
  /** As Batch writes it: vCPUs may be fractional on Fargate ("0.25"); memory is MiB. */
  readonly value: string;
}

export interface EvaluateOnExit {
  readonly onStatusReason?: string;
  readonly onReason?: string;
  readonly onExitCode?: string;
  readonly action: 'RETRY' | 'EXIT' | 'retry' | 'exit';
}

export interface RetryStrategy {
  readonly attempts?: number;
  readonly evaluateOnExit?: readonly EvaluateOnExit[];
}

export interface ContainerOverrides {
  readonly command?: readonly string[];
  readonly environment?: readonly KeyValuePair[];
  readonly resourceRequirements?: readonly ResourceRequirement[];
  /** Multi-node parallel jobs only. */
  readonly instanceType?: string;
}

/** A SubmitJob request. Field names and limits are those of the Batch API. */
export interface SubmitJobInput {
  readonly jobName: string;
  readonly jobQueue: string;
  readonly jobDefinition: string;
  readonly shareIdentifier?: string;
  readonly schedulingPriorityOverride?: number;
  readonly arrayProperties?: { readonly size: number };
  readonly parameters?: Readonly<Record<string, string>>;
  readonly containerOverrides?: ContainerOverrides;
  /** `nodeOverrides`, `ecsPropertiesOverride`, `eksPropertiesOverride` follow the Batch API shapes. */
  readonly nodeOverrides?: Readonly<Record<string, unknown>>;
  readonly ecsPropertiesOverride?: Readonly<Record<string, unknown>>;
  readonly eksPropertiesOverride?: Readonly<Record<string, unknown>>;
  readonly retryStrategy?: RetryStrategy;
  readonly propagateTags?: boolean;
  readonly timeout?: { readonly attemptDurationSeconds?: number };
  readonly tags?: Readonly<Record<string, string>>;
}

export interface SubmittedJob {
  readonly jobId: string;
  readonly jobName: string;
  readonly jobArn?: string;
}

/** A job found by name, with its tags (from DescribeJobs), to recognise a child submitted before a crash. */
export interface FoundJob {
  readonly jobId: string;
  readonly jobName: string;
  /** Epoch milliseconds. */
  readonly createdAt?: number;
  readonly tags: Readonly<Record<string, string>>;
}

export interface BatchPort {
  /** SubmitJob. There is no idempotency token: callers must claim in the ledger first. */
  submitJob(input: SubmitJobInput): Promise<SubmittedJob>;
  /** Jobs in `jobQueue` named `jobName` created at or after `createdAfter` (epoch ms), with their tags. */
  findJobsByName(query: {
    readonly jobQueue: string;
    readonly jobName: string;
    readonly createdAfter: number;
  }): Promise<readonly FoundJob[]>;
}
