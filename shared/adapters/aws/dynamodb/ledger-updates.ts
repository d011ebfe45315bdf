import type { SubmissionRecord } from '#core/lineage/index.js';
import type { LedgerPort } from '#core/ports/index.js';

/**
 * One conditional UpdateItem on a lineage item: SET/REMOVE clauses, the ConditionExpression and the
 * names and values they use. Every path segment goes through a name (`#j` is the failed job id),
 * because job ids hold ':', '#' and '.'. The ledger adds `version = version + 1` and `expiresAt`.
 */
export interface LineageUpdate {
  readonly set: readonly string[];
  readonly remove?: readonly string[];
  readonly condition: string;
  readonly names: Readonly<Record<string, string>>;
  readonly values: Readonly<Record<string, unknown>>;
}

type Args<K extends keyof LedgerPort> = Parameters<LedgerPort[K]>[0];

const decisionNames = (failedJobId: string) => ({ '#d': 'decisions', '#j': failedJobId });

/**
 * G1: appends the decision only at the version the caller decided on and only if that failed job
 * has none yet; adds attempts and class counts; an EXIT closes the lineage as GAVE_UP.
 */
export function appendDecisionUpdate(args: Args<'recordDecision'>, expectedVersion: number): LineageUpdate {
  const { decision } = args;
  const counts = Object.entries(args.countsDelta);
  const exit = decision.action === 'EXIT';
  return {
    set: [
      '#d.#j = :decision',
      '#order = list_append(#order, :order)',
      '#total = #total + :attempts',
      ...counts.map((_, i) => `#c.#c${i} = if_not_exists(#c.#c${i}, :zero) + :c${i}`),
      ...(exit ? ['#st = :gaveUp', '#closed = :closedAt'] : []),
    ],
    condition: '#v = :expected AND attribute_not_exists(#d.#j)',
    names: {
      ...decisionNames(decision.failedJobId),
      '#order': 'decisionOrder',
      '#total': 'totalAttempts',
      ...(counts.length === 0 ? {} : { '#c': 'counts' }),
      ...Object.fromEntries(counts.map(([failureClass], i) => [`#c${i}`, failureClass])),
      ...(exit ? { '#st': 'status', '#closed': 'closedAt' } : {}),
    },
    values: {
      ':decision': decision,
      ':order': [decision.failedJobId],
      ':attempts': decision.attemptsCounted,
      ':expected': expectedVersion,
      ...(counts.length === 0 ? {} : { ':zero': 0 }),
      ...Object.fromEntries(counts.map(([, delta], i) => [`:c${i}`, delta])),
      ...(exit ? { ':gaveUp': 'GAVE_UP', ':closedAt': decision.decidedAt } : {}),
    },
  };
}

/** G2: claims the submission of a RETRY decision that has none yet. */
export function claimUpdate(failedJobId: string, submission: SubmissionRecord): LineageUpdate {
  return {
    set: ['#d.#j.#sub = :sub'],
    condition: '#d.#j.#act = :retry AND attribute_not_exists(#d.#j.#sub)',
    names: { ...decisionNames(failedJobId), '#sub': 'submission', '#act': 'action' },
    values: { ':sub': submission, ':retry': 'RETRY' },
  };
}

/** G2/G3: replaces a claim that is still CLAIMED under the stale token. */
export function takeOverUpdate(args: Args<'takeOverClaim'>): LineageUpdate {
  return {
    set: ['#d.#j.#sub.#tok = :token', '#d.#j.#sub.#cat = :at'],
    condition: '#d.#j.#sub.#state = :claimed AND #d.#j.#sub.#tok = :stale',
    names: {
      ...decisionNames(args.failedJobId),
      '#sub': 'submission',
      '#tok': 'claimToken',
      '#cat': 'claimedAt',
      '#state': 'state',
    },
    values: { ':token': args.claimToken, ':at': args.at, ':claimed': 'CLAIMED', ':stale': args.staleToken },
  };
}

/** G2: records the child of the claim held with the caller's token and drops the stored request. */
export function submissionUpdate(args: Args<'recordSubmission'>): LineageUpdate {
  return {
    set: ['#d.#j.#sub.#state = :submitted', '#d.#j.#sub.#child = :child', '#d.#j.#sub.#sat = :at'],
    remove: ['#d.#j.#req'],
    condition: '#d.#j.#sub.#state = :claimed AND #d.#j.#sub.#tok = :token',
    names: {
      ...decisionNames(args.failedJobId),
      '#sub': 'submission',
      '#state': 'state',
      '#child': 'childJobId',
      '#sat': 'submittedAt',
      '#req': 'request',
      '#tok': 'claimToken',
    },
    values: {
      ':submitted': 'SUBMITTED',
      ':child': args.childJobId,
      ':at': args.at,
      ':claimed': 'CLAIMED',
      ':token': args.claimToken,
    },
  };
}

/** Closes the lineage once: only an OPEN lineage changes status. */
export function closeUpdate(args: Args<'closeLineage'>): LineageUpdate {
  return {
    set: ['#st = :status', '#closed = :at'],
    condition: '#st = :open',
    names: { '#st': 'status', '#closed': 'closedAt' },
    values: { ':status': args.status, ':at': args.at, ':open': 'OPEN' },
  };
}

/** Notes the first time the alert of an existing decision went out (later calls keep it). */
export function alertedUpdate(args: Args<'markAlerted'>): LineageUpdate {
  return {
    set: ['#d.#j.#al = if_not_exists(#d.#j.#al, :at)'],
    condition: 'attribute_exists(#d.#j)',
    names: { ...decisionNames(args.failedJobId), '#al': 'alertedAt' },
    values: { ':at': args.at },
  };
}
