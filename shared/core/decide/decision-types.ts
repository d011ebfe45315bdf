import type { FailureClass } from '../classify/classes.js';
import type { Classification } from '../classify/classify-job.js';
import type { NormalisedJob } from '../events/types.js';
import type { LineageState } from '../lineage/types.js';
import type { LoadedPolicy } from '../policy/select.js';
import type { SubmitJobInput } from '../ports/batch.js';
import type { Random } from '../ports/clock.js';
import type { Resources } from './resources.js';

/* The decision's types: what decide() is given and what it returns (decide.ts). */

/** What the failure costs: added to the lineage's counts when the decision is recorded. */
export interface FailureCost {
  readonly failureClass: FailureClass;
  /** Attempts of this failed job (its attempts[] length, at least 1). */
  readonly attemptsCounted: number;
  /** Failures per class among those attempts (native retries included). */
  readonly countsDelta: Readonly<Record<string, number>>;
}

/** Budget use after this failure, for explanations and `batch-retry explain`. */
export interface BudgetUse {
  readonly totalUsed: number;
  readonly totalLimit: number;
  readonly classUsed: number;
  /** Undefined when the class has no budget of its own (only the total applies). */
  readonly classLimit?: number;
}

export type Decision =
  | (FailureCost & {
      readonly action: 'RETRY';
      readonly delaySeconds: number;
      /** Queue for the child (the failed job's queue unless the fallback ladder moves it). */
      readonly jobQueue: string;
      /** Escalated resources for the child (resource class only). */
      readonly resources?: Resources;
      /** The exact SubmitJob request of the child (lineage tags, queue, resources, capped native retries). */
      readonly request: SubmitJobInput;
      /**
       * Attempt number of the child's first attempt in the lineage: every attempt so far counts,
       * including AWS Batch's own retries (the root job's first attempt is attempt 1).
       */
      readonly childAttempt: number;
      readonly budget: BudgetUse;
      readonly explanation: readonly string[];
    })
  | (FailureCost & {
      readonly action: 'EXIT';
      readonly reason: string;
      readonly budget: BudgetUse;
      readonly explanation: readonly string[];
    })
  | { readonly action: 'IGNORE'; readonly reason: string; readonly explanation: readonly string[] };

export interface DecideInput {
  readonly job: NormalisedJob;
  readonly classification: Classification;
  /** The lineage's state before this failure; undefined for a root job's first failure. */
  readonly lineage: LineageState | undefined;
  /**
   * The root job of the lineage the child's tags point at. Default: the lineage's root, else the
   * failed job itself (its first failure).
   */
  readonly rootJobId?: string;
  readonly policy: LoadedPolicy;
  /** Epoch ms. */
  readonly now: number;
  readonly random: Random;
}
