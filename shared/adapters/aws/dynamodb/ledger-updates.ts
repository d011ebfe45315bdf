import type { ChildLink, DecisionRecord, SubmissionRecord } from '#core/lineage/index.js';
import type { ExpectedLineage } from '#core/ports/index.js';

/**
 * One conditional UpdateItem on a lineage item: SET/REMOVE clauses, the ConditionExpression and the
 * names and values they use. Every path segment goes through a name (`#j` is the failed job id, `#p`
 * a parent's), because job ids hold ':', '#' and '.'. The ledger adds `version = version + 1` and
 * `expiresAt` to every update.
 */
export interface LineageUpdate {
  readonly set: readonly string[];
  readonly remove?: readonly string[];
  readonly condition: string;
  readonly names: Readonly<Record<string, string>>;
  readonly values: Readonly<Record<string, unknown>>;
}

/** Joins the clauses and merges the names and values of several updates into one. */
function merge(...parts: readonly LineageUpdate[]): LineageUpdate {
  return {
    set: parts.flatMap((p) => p.set),
    remove: parts.flatMap((p) => p.remove ?? []),
    condition: parts
      .map((p) => p.condition)
      .filter((c) => c !== '')
      .map((c) => `(${c})`)
      .join(' AND '),
    names: Object.assign({}, ...parts.map((p) => p.names)),
    values: Object.assign({}, ...parts.map((p) => p.values)),
  };
}

const decisionNames = (failedJobId: string) => ({ '#d': 'decisions', '#j': failedJobId });

/** The lineage is what the caller decided on: at `version`, or OPEN with `totalAttempts` counted. */
function expectation(expected: Exclude<ExpectedLineage, { kind: 'new' }>): LineageUpdate {
  if (expected.kind === 'version') {
    return { set: [], condition: '#v = :expected', names: {}, values: { ':expected': expected.version } };
  }
  return {
    set: [],
    condition: '#st = :open AND #total = :expectedTotal',
    names: { '#st': 'status', '#total': 'totalAttempts' },
    values: { ':open': 'OPEN', ':expectedTotal': expected.totalAttempts },
  };
}

/**
 * Records `child` on its parent's decision (SUBMITTED, request dropped) if the parent's RETRY was
 * claimed, the child carries the claim's current token and no other child is recorded (or, without a
 * token, is the recorded child): `childLinkProblem` in the core, as a condition.
 */
export function childLinkUpdate(child: ChildLink, at: number): LineageUpdate {
  const identity =
    child.claimToken === undefined
      ? '#d.#p.#sub.#child = :childJob'
      : '#d.#p.#sub.#tok = :childToken AND (attribute_not_exists(#d.#p.#sub.#child) OR #d.#p.#sub.#child = :childJob)';
  return {
    set: [
      '#d.#p.#sub.#state = :submitted',
      '#d.#p.#sub.#child = :childJob',
      '#d.#p.#sub.#sat = if_not_exists(#d.#p.#sub.#sat, :childAt)',
    ],
    remove: ['#d.#p.#req'],
    condition: `#d.#p.#act = :retry AND attribute_exists(#d.#p.#sub) AND ${identity}`,
    names: {
      '#d': 'decisions',
      '#p': child.parentJobId,
      '#act': 'action',
      '#sub': 'submission',
      '#state': 'state',
      '#child': 'childJobId',
      '#sat': 'submittedAt',
      '#req': 'request',
      ...(child.claimToken === undefined ? {} : { '#tok': 'claimToken' }),
    },
    values: {
      ':retry': 'RETRY',
      ':submitted': 'SUBMITTED',
      ':childJob': child.jobId,
      ':childAt': at,
      ...(child.claimToken === undefined ? {} : { ':childToken': child.claimToken }),
    },
  };
}

/**
 * G1: appends the decision only if the lineage is still what the caller expected and that failed job
 * has none yet; adds attempts and class counts; an EXIT (not an orphan's) closes the lineage as
 * GAVE_UP; `child` is linked to its parent in the same write.
 */
export function appendDecisionUpdate(args: {
  readonly expected: Exclude<ExpectedLineage, { kind: 'new' }>;
  readonly decision: DecisionRecord;
  readonly countsDelta: Readonly<Record<string, number>>;
  readonly child?: ChildLink;
}): LineageUpdate {
  const { decision } = args;
  const counts = Object.entries(args.countsDelta);
  const closes = decision.action === 'EXIT' && decision.orphan !== true;
  const append: LineageUpdate = {
    set: [
      '#d.#j = :decision',
      '#order = list_append(#order, :order)',
      '#total = #total + :attempts',
      ...counts.map((_, i) => `#c.#c${i} = if_not_exists(#c.#c${i}, :zero) + :c${i}`),
      ...(closes ? ['#st = :gaveUp', '#closed = :closedAt'] : []),
    ],
    condition: 'attribute_not_exists(#d.#j)',
    names: {
      ...decisionNames(decision.failedJobId),
      '#order': 'decisionOrder',
      '#total': 'totalAttempts',
      ...(counts.length === 0 ? {} : { '#c': 'counts' }),
      ...Object.fromEntries(counts.map(([failureClass], i) => [`#c${i}`, failureClass])),
      ...(closes ? { '#st': 'status', '#closed': 'closedAt' } : {}),
    },
    values: {
      ':decision': decision,
      ':order': [decision.failedJobId],
      ':attempts': decision.attemptsCounted,
      ...(counts.length === 0 ? {} : { ':zero': 0 }),
      ...Object.fromEntries(counts.map(([, delta], i) => [`:c${i}`, delta])),
      ...(closes ? { ':gaveUp': 'GAVE_UP', ':closedAt': decision.decidedAt } : {}),
    },
  };
  const link = args.child === undefined ? [] : [childLinkUpdate(args.child, decision.decidedAt)];
  return merge(append, expectation(args.expected), ...link);
}

/** Closes the lineage once: only an OPEN lineage changes status; `child` is linked in the same write. */
export function closeUpdate(args: {
  readonly status: 'RECOVERED' | 'GAVE_UP';
  readonly at: number;
  readonly child?: ChildLink;
}): LineageUpdate {
  const close: LineageUpdate = {
    set: ['#st = :status', '#closed = :at'],
    condition: '#st = :open',
    names: { '#st': 'status', '#closed': 'closedAt' },
    values: { ':status': args.status, ':at': args.at, ':open': 'OPEN' },
  };
  return args.child === undefined ? close : merge(close, childLinkUpdate(args.child, args.at));
}

/** G2: claims the submission of a RETRY decision of an OPEN lineage that has none yet. */
export function claimUpdate(failedJobId: string, submission: SubmissionRecord): LineageUpdate {
  return {
    set: ['#d.#j.#sub = :sub'],
    condition: '#d.#j.#act = :retry AND attribute_not_exists(#d.#j.#sub) AND #st = :open',
    names: { ...decisionNames(failedJobId), '#sub': 'submission', '#act': 'action', '#st': 'status' },
    values: { ':sub': submission, ':retry': 'RETRY', ':open': 'OPEN' },
  };
}

const claimNames = (failedJobId: string) => ({
  ...decisionNames(failedJobId),
  '#sub': 'submission',
  '#tok': 'claimToken',
  '#state': 'state',
});

/** G2/G3: replaces a claim that is still CLAIMED under the stale token, keeping that token on record. */
export function takeOverUpdate(args: {
  readonly failedJobId: string;
  readonly staleToken: string;
  readonly claimToken: string;
  readonly leaseUntil: number;
}): LineageUpdate {
  return {
    set: [
      '#d.#j.#sub.#tok = :token',
      '#d.#j.#sub.#lease = :lease',
      '#d.#j.#sub.#prev = list_append(if_not_exists(#d.#j.#sub.#prev, :none), :stale1)',
    ],
    remove: ['#d.#j.#sub.#nothing'],
    condition: '#d.#j.#sub.#state = :claimed AND #d.#j.#sub.#tok = :stale AND #st = :open',
    names: {
      ...claimNames(args.failedJobId),
      '#lease': 'leaseUntil',
      '#prev': 'previousTokens',
      '#nothing': 'nothingSubmitted',
      '#st': 'status',
    },
    values: {
      ':open': 'OPEN',
      ':token': args.claimToken,
      ':lease': args.leaseUntil,
      ':none': [],
      ':stale1': [args.staleToken],
      ':claimed': 'CLAIMED',
      ':stale': args.staleToken,
    },
  };
}

/** Ends the caller's lease at once and notes that nothing was submitted under it (`claimedAt` is kept). */
export function releaseUpdate(args: {
  readonly failedJobId: string;
  readonly claimToken: string;
}): LineageUpdate {
  return {
    set: ['#d.#j.#sub.#lease = :zero', '#d.#j.#sub.#nothing = :true'],
    condition: '#d.#j.#sub.#state = :claimed AND #d.#j.#sub.#tok = :token',
    names: { ...claimNames(args.failedJobId), '#lease': 'leaseUntil', '#nothing': 'nothingSubmitted' },
    values: { ':zero': 0, ':true': true, ':claimed': 'CLAIMED', ':token': args.claimToken },
  };
}

/** G2: records the child of the claim held with the caller's token and drops the stored request. */
export function submissionUpdate(args: {
  readonly failedJobId: string;
  readonly claimToken: string;
  readonly childJobId: string;
  readonly at: number;
}): LineageUpdate {
  return {
    set: ['#d.#j.#sub.#state = :submitted', '#d.#j.#sub.#child = :child', '#d.#j.#sub.#sat = :at'],
    remove: ['#d.#j.#req'],
    condition: '#d.#j.#sub.#state = :claimed AND #d.#j.#sub.#tok = :token',
    names: {
      ...claimNames(args.failedJobId),
      '#child': 'childJobId',
      '#sat': 'submittedAt',
      '#req': 'request',
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

/** Records a duplicate child once on its parent's decision (its attempts count when it fails). */
export function orphanUpdate(args: { readonly parentJobId: string; readonly jobId: string }): LineageUpdate {
  return {
    set: ['#d.#j.#orph = list_append(if_not_exists(#d.#j.#orph, :none), :job1)'],
    condition: 'attribute_exists(#d.#j) AND NOT contains(#d.#j.#orph, :job)',
    names: { ...decisionNames(args.parentJobId), '#orph': 'orphans' },
    values: { ':none': [], ':job1': [args.jobId], ':job': args.jobId },
  };
}
