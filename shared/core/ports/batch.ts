/**
 * The subset of AWS Batch the orchestrator uses, in the shapes of the Batch API (SubmitJob field
 * names), declared here so that the core never imports the AWS SDK. `shared/adapters/aws/` adapts it.
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

/** One container of a multi-container ECS job, matched by `name` (Batch `TaskContainerOverrides`). */
export interface TaskContainerOverrides {
  readonly name?: string;
  readonly command?: readonly string[];
  readonly environment?: readonly KeyValuePair[];
  readonly resourceRequirements?: readonly ResourceRequirement[];
}

/** Batch `EcsPropertiesOverride`: exactly one `taskProperties` element in practice. */
export interface EcsPropertiesOverride {
  readonly taskProperties?: readonly { readonly containers?: readonly TaskContainerOverrides[] }[];
}

/** A Kubernetes environment variable of an EKS container (Batch `EksContainerEnvironmentVariable`). */
export interface EksEnvironmentVariable {
  readonly name: string;
  readonly value?: string;
}

/**
 * Kubernetes resource quantities of an EKS container, e.g. `{ memory: '2048Mi', cpu: '1' }`
 * (Batch `EksContainerResourceRequirements`).
 */
export interface EksContainerResources {
  readonly limits?: Readonly<Record<string, string>>;
  readonly requests?: Readonly<Record<string, string>>;
}

/** One container (or init container) of an EKS pod, matched by `name` (Batch `EksContainerOverride`). */
export interface EksContainerOverride {
  readonly name?: string;
  readonly image?: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: readonly EksEnvironmentVariable[];
  readonly resources?: EksContainerResources;
}

/** Batch `EksPropertiesOverride`. */
export interface EksPropertiesOverride {
  readonly podProperties?: {
    readonly containers?: readonly EksContainerOverride[];
    readonly initContainers?: readonly EksContainerOverride[];
    readonly metadata?: {
      readonly labels?: Readonly<Record<string, string>>;
      readonly annotations?: Readonly<Record<string, string>>;
      readonly namespace?: string;
    };
  };
}

/** Batch `ConsumableResourceProperties` (resource-aware scheduling). */
export interface ConsumableResourceProperties {
  readonly consumableResourceList?: readonly {
    readonly consumableResource?: string;
    readonly quantity?: number;
  }[];
}

/** Overrides for one node range of a multi-node parallel job (Batch `NodePropertyOverride`). */
export interface NodePropertyOverride {
  /** A node range as the job definition writes it: `0:0`, `1:`, `:3`. */
  readonly targetNodes: string;
  readonly containerOverrides?: ContainerOverrides;
  readonly ecsPropertiesOverride?: EcsPropertiesOverride;
  readonly eksPropertiesOverride?: EksPropertiesOverride;
  readonly instanceTypes?: readonly string[];
  readonly consumableResourcePropertiesOverride?: ConsumableResourceProperties;
}

/**
 * Batch `NodeOverrides`. `numNodes` is accepted only when the job definition has a node range with
 * an open upper boundary (`n:`), and must exceed that range's lower bound and the main node index.
 */
export interface NodeOverrides {
  readonly numNodes?: number;
  readonly nodePropertyOverrides?: readonly NodePropertyOverride[];
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
  /** Multi-node parallel jobs only; `containerOverrides` is not allowed alongside. */
  readonly nodeOverrides?: NodeOverrides;
  readonly ecsPropertiesOverride?: EcsPropertiesOverride;
  readonly eksPropertiesOverride?: EksPropertiesOverride;
  readonly consumableResourcePropertiesOverride?: ConsumableResourceProperties;
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
