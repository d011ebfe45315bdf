import { vi } from 'vitest';
import { type AlertMessage, parseAlertMessage } from '#core/alerts/index.js';
import { sqsRecord } from '../../helpers/sqs-records.js';
import type { Functions, SentRetry } from './harness.js';
import { childEvent, type JobEvent, stoppedAt } from './job-events.js';

/** The clock the handlers read (only `Date` is faked: SDK and dynalite timers keep running). */
export const clock = {
  /** Fakes `Date` and sets it to `at` (epoch ms). */
  set(at: number): void {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(at);
  },
  advanceSeconds(seconds: number): void {
    vi.setSystemTime(Date.now() + seconds * 1000);
  },
  now: (): number => Date.now(),
};

/** The last message the handlers sent to the retries queue; fails the test when there is none. */
export function lastSent(functions: Functions): SentRetry {
  const last = functions.sent.at(-1);
  if (last === undefined) throw new Error('no message was sent to the retries queue');
  return last;
}

/** The last SubmitJob that created a child; fails the test when there is none. */
export function lastSubmitted(functions: Functions): Functions['submitted'][number] {
  const last = functions.submitted.at(-1);
  if (last === undefined) throw new Error('SubmitJob never created a child');
  return last;
}

/**
 * Delivers the last retry message to resubmit once the clock is 1 s past its `dueAt`, expects no
 * batch item failure, and returns the child SubmitJob created.
 */
export async function resubmitWhenDue(functions: Functions): Promise<Functions['submitted'][number]> {
  const { message } = lastSent(functions);
  clock.set(message.dueAt + 1_000);
  const response = await functions.resubmit(sqsRecord(message));
  if (response.batchItemFailures.length > 0) throw new Error(`resubmit failed: ${JSON.stringify(response)}`);
  return lastSubmitted(functions);
}

/**
 * The final event of the child `submitted` created, from `fixture`: created now, and the clock moved
 * to 5 s after it stopped (when its event reaches the decide function).
 */
export function childFinished(fixture: string, submitted: Functions['submitted'][number]): JobEvent {
  const event = childEvent(fixture, submitted, clock.now());
  clock.set(stoppedAt(event) + 5_000);
  return event;
}

/** The alert messages the handlers published to the alert topic, as subscribers read them, in order. */
export function alertsPublished(functions: Functions): AlertMessage[] {
  return functions.published.map((input) => parseAlertMessage(JSON.parse(input.Message ?? '{}').default));
}
