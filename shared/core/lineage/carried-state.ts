import { isFailureClass } from '../classify/classes.js';
import type { ClassCounts, LineageState } from './types.js';

/**
 * The part of a lineage's state a child carries in its `batch-retry:state` tag, so that deciding on
 * the child's failure needs no read of the ledger: the conditional write that records the decision
 * checks it (the lineage's `totalAttempts` must still be `totalAttempts`) and falls back to a read
 * when it is stale. Tag values allow letters, digits, spaces and `+ - = . _ : / @`, at most 256.
 *
 * Format: `t=<total attempts> k=<class>:<n>/<class>:<n> pv=<policy version> c=<created epoch ms> d=<last delay s>`
 */
export type CarriedState = Omit<LineageState, 'rootJobId' | 'policyName' | 'status'>;

/** Encodes `state` as a tag value (under 256 characters for every possible lineage). */
export function encodeCarriedState(state: CarriedState): string {
  // Concatenated rather than built from arrays: every retry decision encodes one.
  let counts = '';
  for (const cls in state.counts) {
    const n = state.counts[cls as keyof ClassCounts];
    if (n !== undefined && n > 0) counts += `${counts === '' ? '' : '/'}${cls}:${n}`;
  }
  const delay = state.lastDelaySeconds === undefined ? '' : ` d=${state.lastDelaySeconds}`;
  return `t=${state.totalAttempts} k=${counts} pv=${state.policyVersion} c=${state.createdAt}${delay}`;
}

const WHOLE = /^\d{1,15}$/;

/** Decodes a `batch-retry:state` tag value; undefined for anything malformed (the caller reads the ledger). */
export function decodeCarriedState(value: string | undefined): CarriedState | undefined {
  if (value === undefined || value.length > 256) return undefined;
  const fields = new Map<string, string>();
  for (const part of value.split(' ')) {
    const at = part.indexOf('=');
    if (at <= 0) return undefined;
    fields.set(part.slice(0, at), part.slice(at + 1));
  }
  const total = fields.get('t');
  const version = fields.get('pv');
  const created = fields.get('c');
  const delay = fields.get('d');
  const counts = parseCounts(fields.get('k'));
  if (counts === undefined || [total, version, created].some((n) => n === undefined || !WHOLE.test(n)))
    return undefined;
  if (delay !== undefined && !WHOLE.test(delay)) return undefined;
  return {
    totalAttempts: Number(total),
    counts,
    policyVersion: Number(version),
    createdAt: Number(created),
    ...(delay === undefined ? {} : { lastDelaySeconds: Number(delay) }),
  };
}

function parseCounts(text: string | undefined): ClassCounts | undefined {
  if (text === undefined) return undefined;
  const counts: Record<string, number> = {};
  if (text === '') return counts;
  for (const entry of text.split('/')) {
    const [cls, n] = entry.split(':');
    if (cls === undefined || n === undefined || !isFailureClass(cls) || !WHOLE.test(n)) return undefined;
    counts[cls] = Number(n);
  }
  return counts;
}
