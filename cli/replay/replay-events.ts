import { InMemoryBreaker, SeededRandom } from '#adapters/memory/index.js';
import { classifyJob, FAILURE_CLASSES, type FailureClass, type JobClass } from '#core/classify/index.js';
import type { EventReadResult, NormalisedJob } from '#core/events/index.js';
import { lineageRefOf } from '#core/lineage/index.js';
import type { RetryMessage } from '#core/orchestrator/index.js';
import { type DecideDeps, type EventOutcome, handleJobEvent } from '#core/orchestrator/index.js';
import type { DelayQueuePort, PolicySource } from '#core/ports/index.js';
import { silentLog } from '#core/ports/index.js';
import { LINEAGE_TAG_KEYS } from '#core/submit/index.js';
import { TimeOrderedQueue } from '../time-ordered-queue.js';
import { SummarisingAlerts } from './alert-summary.js';
import { eventTime } from './event-time.js';
import { ReasonTally } from './reason-groups.js';
import { DEFAULT_MAX_LINEAGES, REPLAY_CLAIM, ReplayLedger } from './replay-ledger.js';
import {
  type ClassTally,
  MAX_UNPARSEABLE_KEPT,
  type ReplayReport,
  type ReplayTotals,
  type UnparseableInput,
} from './report.js';

/** Events held back by default to put them in time order. */
export const DEFAULT_REORDER_WINDOW = 10_000;
/** Progress is reported after every this many inputs read. */
const PROGRESS_EVERY = 1_000;
/** Seed of the backoff jitter: a replay gives the same delays every time it runs. */
const JITTER_SEED = 1;

/** How far a replay has got: events read so far, and input bytes read when the caller counts them. */
export interface ReplayProgress {
  readonly events: number;
  readonly bytes?: number;
}

/** How to replay: the policies in force and the memory bounds. */
export interface ReplayOptions {
  readonly policies: PolicySource;
  /** Events held back to restore time order; default {@link DEFAULT_REORDER_WINDOW}, 0 for none. */
  readonly reorderWindow?: number;
  /** Lineages the ledger keeps; default {@link DEFAULT_MAX_LINEAGES}. */
  readonly maxLineages?: number;
  /** Called every 1,000 inputs read and once at the end. */
  readonly onProgress?: (progress: ReplayProgress) => void;
  /** Input bytes read so far, passed on in `onProgress` (the caller counts them as it streams). */
  readonly bytesRead?: () => number;
  /**
   * Stops reading when aborted (Ctrl-C): the events read so far are still decided and reported, and
   * the report says `interrupted`.
   */
  readonly signal?: AbortSignal;
}

/** `source`'s items until it ends or `signal` is aborted, even while a read is waiting (stdin). */
async function* untilAborted<T>(
  source: AsyncIterable<T>,
  signal: AbortSignal | undefined,
): AsyncGenerator<T> {
  if (signal === undefined) {
    yield* source;
    return;
  }
  const items = source[Symbol.asyncIterator]();
  const aborted = new Promise<'aborted'>((resolve) => {
    if (signal.aborted) resolve('aborted');
    signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  let done = false;
  try {
    while (!done) {
      const next = await Promise.race([items.next(), aborted]);
      done = next === 'aborted' || next.done === true;
      if (next !== 'aborted' && next.done !== true) yield next.value;
    }
  } finally {
    // Not awaited: a read that is still waiting (stdin) ends when its stream is closed.
    items.return?.()?.catch(() => {});
  }
}

type Tally = { -readonly [K in keyof ClassTally]: ClassTally[K] };

/**
 * Replays recorded "Batch Job State Change" events through the real decision path
 * ({@link handleJobEvent}: classify, select policy, decide, record, alert) with in-memory adapters,
 * as production would have decided them. Nothing is submitted and nothing is sent.
 *
 * - The clock is the event's own time (envelope `time`, else `stoppedAt`), so backoff and lineage-age
 *   limits are judged as they would have been.
 * - Events are put in time order through a buffer of `reorderWindow` events (the earliest is decided
 *   once the buffer is full). An event older than one already decided is decided when seen and
 *   counted in `outOfOrder`.
 * - Memory is bounded: the window, `maxLineages` lineages without their SubmitJob requests
 *   ({@link ReplayLedger}), one counter per alert fingerprint, the first 20 unparseable inputs.
 *
 * @throws whatever `policies.load()` throws (an invalid policy), before any event is decided
 */
export async function replayEvents(
  results: AsyncIterable<EventReadResult>,
  options: ReplayOptions,
): Promise<ReplayReport> {
  const reorderWindow = options.reorderWindow ?? DEFAULT_REORDER_WINDOW;
  if (!Number.isInteger(reorderWindow) || reorderWindow < 0) {
    throw new RangeError(`reorderWindow must be a whole number of at least 0, not ${reorderWindow}`);
  }
  const policies = await options.policies.load();
  const ledger = new ReplayLedger(options.maxLineages ?? DEFAULT_MAX_LINEAGES);
  const alerts = new SummarisingAlerts();
  let now = 0;
  // A replay never submits: the retry messages that production would enqueue go nowhere.
  const retries: DelayQueuePort<RetryMessage> = {
    send: async () => {},
    sendBatch: async (messages) => messages.map(() => undefined),
  };
  const deps: DecideDeps = {
    ledger,
    breaker: new InMemoryBreaker(),
    retries,
    alerts,
    policies: options.policies,
    clock: { now: () => now },
    random: new SeededRandom(JITTER_SEED),
    log: silentLog,
  };

  const classes = new Map<FailureClass, Tally>();
  const totals = { ...emptyTally(), failed: 0, recovered: 0 };
  const reasons = { givenUp: new ReasonTally(), ignored: new ReasonTally() };
  const unparseable: UnparseableInput[] = [];
  let unparseableCount = 0;
  let outOfOrder = 0;
  let released = Number.NEGATIVE_INFINITY;
  let newest = Number.NEGATIVE_INFINITY;
  let first: number | undefined;
  let last: number | undefined;
  let read = 0;

  const decideAt = async (job: NormalisedJob, time: number) => {
    now = time;
    first = Math.min(first ?? time, time);
    last = Math.max(last ?? time, time);
    const outcome = await handleJobEvent(asReplayed(job), deps);
    count(job, outcome, totals, classes);
    if (outcome.outcome === 'ignored') reasons.ignored.add(outcome.reason);
    if (outcome.outcome === 'gave-up' && !outcome.duplicate) reasons.givenUp.add(outcome.decision.reason);
  };
  const buffer = new TimeOrderedQueue<NormalisedJob>();
  const releaseEarliest = async () => {
    const earliest = buffer.pop();
    if (earliest === undefined) return;
    released = earliest.time;
    await decideAt(earliest.item, earliest.time);
  };
  const progress = () => {
    const bytes = options.bytesRead?.();
    options.onProgress?.({ events: read, ...(bytes === undefined ? {} : { bytes }) });
  };

  for await (const result of untilAborted(results, options.signal)) {
    read++;
    if (read % PROGRESS_EVERY === 0) progress();
    if ('error' in result) {
      unparseableCount++;
      if (unparseable.length < MAX_UNPARSEABLE_KEPT) unparseable.push(describe(result));
      continue;
    }
    // An event without a time of its own is filed at the newest time seen so far.
    const time = eventTime(result.job) ?? (Number.isFinite(newest) ? newest : 0);
    newest = Math.max(newest, time);
    if (time < released) {
      outOfOrder++;
      await decideAt(result.job, time);
      continue;
    }
    buffer.push(time, result.job);
    if (buffer.size > reorderWindow) await releaseEarliest();
  }
  while (buffer.size > 0) await releaseEarliest();
  progress();

  return {
    classes: Object.fromEntries(
      FAILURE_CLASSES.flatMap((c) => {
        const tally = classes.get(c);
        return tally === undefined ? [] : [[c, tally]];
      }),
    ),
    totals: totals satisfies ReplayTotals,
    givenUpReasons: reasons.givenUp.counts(),
    ignoredReasons: reasons.ignored.counts(),
    interrupted: options.signal?.aborted === true,
    alerts: alerts.groups(),
    unparseable: { count: unparseableCount, first: unparseable },
    outOfOrder,
    evicted: ledger.evicted,
    peakLineages: ledger.peakLineages,
    maxLineages: ledger.maxLineages,
    reorderWindow,
    policies: policies.map((p) => ({ name: p.name, version: p.version })),
    ...(first === undefined ? {} : { firstEventAt: new Date(first).toISOString() }),
    ...(last === undefined ? {} : { lastEventAt: new Date(last).toISOString() }),
  };
}

/**
 * The job as the replay decides it: a child production submitted carries production's claim token
 * (or none, if it predates them), which a replay cannot know. Every child is given the replay's own
 * claim token instead, the one its parent's retry was claimed with ({@link ReplayLedger}).
 */
function asReplayed(job: NormalisedJob): NormalisedJob {
  const ref = lineageRefOf(job);
  if (ref === undefined) return job;
  return {
    ...job,
    tags: {
      ...job.tags,
      [LINEAGE_TAG_KEYS.rootJobId]: ref.rootJobId,
      [LINEAGE_TAG_KEYS.parentJobId]: ref.parentJobId,
      [LINEAGE_TAG_KEYS.claim]: REPLAY_CLAIM,
    },
  };
}

function emptyTally(): Tally {
  return { events: 0, retried: 0, givenUp: 0, ignored: 0, duplicates: 0 };
}

function describe(result: Extract<EventReadResult, { error: unknown }>): UnparseableInput {
  const { field, problem } = result.error;
  return { source: result.source, problem: field === '' ? problem : `${field}: ${problem}` };
}

/** Adds one decided event to the totals and, when it failed, to its class. */
function count(
  job: NormalisedJob,
  outcome: EventOutcome,
  totals: Tally & { failed: number; recovered: number },
  classes: Map<FailureClass, Tally>,
): void {
  totals.events++;
  if (outcome.outcome === 'recovered') {
    totals.recovered++;
    return;
  }
  // A replay wires no Step Functions tasks, so no first-run success is ever answered.
  if (outcome.outcome === 'first-run-success') return;
  const failureClass: JobClass =
    job.status !== 'FAILED'
      ? 'none'
      : outcome.outcome === 'ignored'
        ? classifyJob(job).class
        : outcome.decision.failureClass;
  if (failureClass === 'none') {
    totals.ignored++;
    return;
  }
  let tally = classes.get(failureClass);
  if (tally === undefined) {
    tally = emptyTally();
    classes.set(failureClass, tally);
  }
  totals.failed++;
  tally.events++;
  const key: keyof Tally =
    outcome.outcome === 'ignored' || outcome.outcome === 'orphan-failed'
      ? 'ignored'
      : outcome.duplicate
        ? 'duplicates'
        : outcome.outcome === 'retry-scheduled'
          ? 'retried'
          : 'givenUp';
  tally[key]++;
  totals[key]++;
}
