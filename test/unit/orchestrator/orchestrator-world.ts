import { CollectingAlerts } from '#adapters/memory/collecting-alerts.js';
import { InMemoryBreaker } from '#adapters/memory/in-memory-breaker.js';
import { InMemoryLedger } from '#adapters/memory/in-memory-ledger.js';
import { InMemoryPolicySource } from '#adapters/memory/in-memory-policy-source.js';
import { InMemoryWaiters, RecordingTaskTokens } from '#adapters/memory/in-memory-waiters.js';
import { RecordingDelayQueue } from '#adapters/memory/recording-delay-queue.js';
import { RecordingLineageEvents } from '#adapters/memory/recording-lineage-events.js';
import { SeededRandom } from '#adapters/memory/seeded-random.js';
import { VirtualClock } from '#adapters/memory/virtual-clock.js';
import type { Lineage } from '#core/lineage/types.js';
import type { DecideDeps } from '#core/orchestrator/handle-job-event.js';
import { handleRetryMessage, type ResubmitDeps, type ResubmitOutcome } from '#core/orchestrator/resubmit.js';
import { type RetryMessage, wakeAt } from '#core/orchestrator/retry-message.js';
import type { LoadedPolicy } from '#core/policy/select.js';
import type { LedgerPort } from '#core/ports/ledger.js';
import { silentLog } from '#core/ports/log.js';
import { jobFromFixture } from '../../fixtures/events/job-from-fixture.js';
import { FakeBatch } from '../../helpers/fake-batch.js';
import { loadedPolicy } from '../../helpers/policies.js';
import { NOW } from '../decide/decide-fixtures.js';

/** The policy the orchestrator tests run under: `default`, retry anything, a fixed 1200 s delay. */
export const RETRY_AFTER_1200_S = loadedPolicy({
  name: 'default',
  defaultAction: 'RETRY',
  backoff: { strategy: 'fixed', baseSeconds: 1200, jitter: 'none' },
});

/**
 * Both handlers' dependencies over one in-memory world (or `options.ledger`), at NOW, with a seeded
 * random; lineage events are recorded (`events`), and Step Functions tasks wait in `waiters` and are
 * answered in `tasks`.
 */
export function orchestratorWorld(
  policies: readonly LoadedPolicy[] = [RETRY_AFTER_1200_S],
  options: { readonly ledger?: LedgerPort } = {},
) {
  const clock = new VirtualClock(NOW);
  const ledger = options.ledger ?? new InMemoryLedger();
  const breaker = new InMemoryBreaker();
  const retries = new RecordingDelayQueue<RetryMessage>();
  const alerts = new CollectingAlerts();
  const batch = new FakeBatch(clock);
  const random = new SeededRandom(42);
  const events = new RecordingLineageEvents();
  const waiters = new InMemoryWaiters();
  const tasks = new RecordingTaskTokens();
  const workflow = { events, waiters: { store: waiters, tasks } };
  const decideDeps: DecideDeps = {
    ...workflow,
    ledger,
    breaker,
    retries,
    alerts,
    policies: new InMemoryPolicySource(policies),
    clock,
    random,
    log: silentLog,
  };
  const resubmitDeps: ResubmitDeps = {
    ...workflow,
    ledger,
    batch,
    breaker,
    alerts,
    retries,
    clock,
    random,
    log: silentLog,
  };
  /** The lineage as stored; fails the test when there is none. */
  const lineage = async (rootJobId: string): Promise<Lineage> => {
    const found = await ledger.getLineage(rootJobId);
    if (found === undefined) throw new Error(`no lineage ${rootJobId} in the ledger`);
    return found;
  };
  /** Delivers every retry message sent so far, each at its wake-up time; returns their outcomes. */
  const resubmitDue = async (): Promise<ResubmitOutcome[]> => {
    const outcomes: ResubmitOutcome[] = [];
    for (let sent = retries.drain(); sent.length > 0; sent = retries.drain()) {
      for (const { message } of sent) {
        if (wakeAt(message) > clock.now()) clock.advanceTo(wakeAt(message));
        outcomes.push(await handleRetryMessage(message, resubmitDeps));
      }
    }
    return outcomes;
  };
  /**
   * The event of job `jobId`, which SubmitJob created (its tags and labels as submitted), from event
   * fixture `fixture` (which sets its status and outcome); `edit` changes the detail further.
   */
  const childEvent = (jobId: string, fixture: string, edit?: (detail: Record<string, unknown>) => void) => {
    const job = batch.jobs.find((j) => j.jobId === jobId);
    if (job === undefined) throw new Error(`Batch has no job ${jobId}`);
    return jobFromFixture(fixture, (detail) => {
      detail.jobId = jobId;
      detail.jobName = job.jobName;
      detail.jobQueue = job.jobQueue;
      detail.tags = { ...job.request.tags };
      edit?.(detail);
    });
  };
  return {
    clock,
    ledger,
    breaker,
    retries,
    alerts,
    batch,
    events,
    waiters,
    tasks,
    decideDeps,
    resubmitDeps,
    lineage,
    resubmitDue,
    childEvent,
  };
}
