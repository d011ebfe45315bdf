import type { TaskAnswer } from '../workflow/task-answer.js';

/** A Step Functions task waiting for a lineage to end (registered by the `await` function). */
export interface Waiter {
  readonly rootJobId: string;
  /** The job id the state machine passed (the root, or a child of the lineage). */
  readonly jobId: string;
  /** `$$.Task.Token` of the waiting task. */
  readonly taskToken: string;
  /** Epoch ms. */
  readonly registeredAt: number;
}

/** Waiting tasks, kept beside their lineage in the ledger table (docs/ledger.md, "Waiter items"). */
export interface WaiterStore {
  /** Keeps `waiter` until it is answered or expires; registering the same token twice keeps one. */
  register(waiter: Waiter): Promise<void>;
  /** Every task waiting on the lineage of `rootJobId`, read consistently. */
  waitersOf(rootJobId: string): Promise<readonly Waiter[]>;
  /** Forgets an answered (or refused) waiter. */
  remove(waiter: Pick<Waiter, 'rootJobId' | 'taskToken'>): Promise<void>;
}

/**
 * `sent`: Step Functions took the answer. `refused`: the token expired, its task already ended or
 * it never existed; the answer can never be delivered, so the caller drops the waiter.
 */
export type TaskAnswerOutcome = 'sent' | 'refused';

/** Step Functions' task-token API: SendTaskSuccess and SendTaskFailure. */
export interface TaskTokenPort {
  /** Sends `answer` for `taskToken`. Rejects only for failures worth retrying (throttling, network). */
  answer(taskToken: string, answer: TaskAnswer): Promise<TaskAnswerOutcome>;
}
