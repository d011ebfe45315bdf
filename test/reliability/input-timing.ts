import {
  CollectingAlerts,
  InMemoryBreaker,
  InMemoryLedger,
  InMemoryPolicySource,
  RecordingDelayQueue,
  SeededRandom,
} from '#adapters/memory/index.js';
import { OrchestratorError } from '#core/errors.js';
import { parseSqsRecord } from '#core/events/index.js';
import { handleJobEvents, type RetryMessage } from '#core/orchestrator/index.js';
import { type LoadedPolicy, parsePolicyDocument } from '#core/policy/index.js';
import { silentLog } from '#core/ports/index.js';
import { sqsRecord } from '../helpers/sqs-records.js';

/** No input may take longer to decide (issue 17). */
export const INPUT_LIMIT_MS = 10;
/**
 * An input over the limit is timed again this many times, after the others; its fastest run counts
 * (the machine is shared, and a collection or a busy neighbour can land on any one run).
 */
const RETIMES = 4;

function loaded(documents: readonly Record<string, unknown>[]): LoadedPolicy[] {
  return documents.flatMap((document) => {
    const parsed = parsePolicyDocument(JSON.stringify(document), 'input timing');
    return parsed.ok ? [{ name: parsed.policy.name, version: 1, policy: parsed.policy }] : [];
  });
}

/** What deciding each input on the core found: errors of no known type, and how long inputs took. */
export interface DecidedInputs {
  /** Inputs whose refusal was not an OrchestratorError (EventParseError and friends): untyped errors. */
  readonly untyped: number;
  /** The slowest input, in ms of wall time (its fastest of several runs when it was over the limit at first). */
  readonly slowestMs: number;
  /** Inputs still over INPUT_LIMIT_MS after being timed again. */
  readonly overLimit: number;
}

/**
 * Wall time in ms, to the microsecond. Not the thread's CPU time: Linux accounts it in scheduler
 * ticks (4 ms here), too coarse for a 10 ms limit. A run another process or a collection lands on
 * is caught by timing an input again (RETIMES) and keeping its fastest run.
 */
const nowMs = (): number => performance.now();

/**
 * Hands each SQS body to the decide function's core: parse and normalise the record, then the whole
 * decide use case on in-memory ports (fresh for each input, so that every run is the same work).
 * Network and ledger time are the same for every input and left out: what is timed is what an input
 * can make slow. Timings, not assertions: `npm run bench` compares them with INPUT_LIMIT_MS.
 */
export async function decideEachInput(
  bodies: readonly string[],
  policies: readonly Record<string, unknown>[],
): Promise<DecidedInputs> {
  const source = new InMemoryPolicySource(loaded(policies));
  let untyped = 0;
  const once = async (body: string, first: boolean): Promise<number> => {
    const record = sqsRecord(body);
    const deps = {
      ledger: new InMemoryLedger(),
      breaker: new InMemoryBreaker(),
      retries: new RecordingDelayQueue<RetryMessage>(),
      alerts: new CollectingAlerts(),
      policies: source,
      clock: { now: () => Date.now() },
      random: new SeededRandom(1),
      log: silentLog,
    };
    const started = nowMs();
    let error: unknown;
    try {
      const [outcome] = await handleJobEvents([parseSqsRecord(record)], deps);
      if (outcome instanceof Error) error = outcome;
    } catch (thrown) {
      error = thrown;
    }
    const ms = nowMs() - started;
    if (first && error !== undefined && !(error instanceof OrchestratorError)) untyped += 1;
    return ms;
  };
  const times = new Map<string, number>();
  for (const body of bodies) times.set(body, await once(body, true));
  for (let i = 0; i < RETIMES; i++) {
    for (const [body, ms] of times)
      if (ms > INPUT_LIMIT_MS) times.set(body, Math.min(ms, await once(body, false)));
  }
  const all = [...times.values()];
  return {
    untyped,
    slowestMs: Math.max(0, ...all),
    overLimit: all.filter((ms) => ms > INPUT_LIMIT_MS).length,
  };
}

/** The timings of `decided` as a report's `timed` entries. */
export function timings(decided: DecidedInputs): Record<string, number> {
  return {
    'slowest decision (ms)': decided.slowestMs,
    [`decisions over ${INPUT_LIMIT_MS} ms`]: decided.overLimit,
  };
}
