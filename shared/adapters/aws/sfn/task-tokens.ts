import { SendTaskFailureCommand, SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { OrchestratorError } from '#core/errors.js';
import type { TaskAnswerOutcome, TaskTokenPort } from '#core/ports/index.js';
import type { TaskAnswer } from '#core/workflow/index.js';

/**
 * What Step Functions answers for a token that can never take an answer: it expired (`TaskTimedOut`,
 * also for a task that already ended), it is malformed (`InvalidToken`), or its task is gone
 * (`TaskDoesNotExist`). Anything else (throttling, 5xx, network) is worth trying again.
 */
const REFUSED = new Set(['TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist']);

/** SendTaskFailure's limits, in characters: `error` 256, `cause` 32,768. */
const MAX_ERROR_CHARS = 256;
const MAX_CAUSE_CHARS = 32_768;

/**
 * `TaskTokenPort` on Step Functions: SendTaskSuccess with the answer's output, SendTaskFailure with
 * its error and cause (cut to the API's limits). A refused token resolves to `refused` (the caller
 * drops it); other failures reject with a transient error.
 */
export function createSfnTaskTokens(client: SFNClient): TaskTokenPort {
  return {
    async answer(taskToken: string, answer: TaskAnswer): Promise<TaskAnswerOutcome> {
      try {
        if (answer.kind === 'success') {
          await client.send(new SendTaskSuccessCommand({ taskToken, output: answer.output }));
        } else {
          await client.send(
            new SendTaskFailureCommand({
              taskToken,
              error: answer.error.slice(0, MAX_ERROR_CHARS),
              cause: answer.cause.slice(0, MAX_CAUSE_CHARS),
            }),
          );
        }
        return 'sent';
      } catch (error) {
        if (error instanceof Error && REFUSED.has(error.name)) return 'refused';
        const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        throw new OrchestratorError(`could not answer a waiting Step Functions task: ${why}`, {
          transient: true,
          cause: error,
        });
      }
    },
  };
}
