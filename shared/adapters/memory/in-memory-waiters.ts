import type { TaskAnswerOutcome, TaskTokenPort, Waiter, WaiterStore } from '#core/ports/index.js';
import type { TaskAnswer } from '#core/workflow/index.js';

/** Waiting tasks in process memory, one per token, as the DynamoDB store keeps them. */
export class InMemoryWaiters implements WaiterStore {
  readonly #waiters = new Map<string, Waiter>();

  async register(waiter: Waiter): Promise<void> {
    this.#waiters.set(`${waiter.rootJobId}\u0000${waiter.taskToken}`, { ...waiter });
  }

  async waitersOf(rootJobId: string): Promise<readonly Waiter[]> {
    return [...this.#waiters.values()].filter((w) => w.rootJobId === rootJobId).map((w) => ({ ...w }));
  }

  async remove(waiter: Pick<Waiter, 'rootJobId' | 'taskToken'>): Promise<void> {
    this.#waiters.delete(`${waiter.rootJobId}\u0000${waiter.taskToken}`);
  }
}

/**
 * Step Functions' stand-in: records every answer by token; a token answered once refuses the next
 * answer, as Step Functions does for a task that already ended.
 */
export class RecordingTaskTokens implements TaskTokenPort {
  readonly answers: { readonly taskToken: string; readonly answer: TaskAnswer }[] = [];

  async answer(taskToken: string, answer: TaskAnswer): Promise<TaskAnswerOutcome> {
    if (this.answers.some((a) => a.taskToken === taskToken)) return 'refused';
    this.answers.push({ taskToken, answer });
    return 'sent';
  }
}
