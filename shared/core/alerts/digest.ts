import * as z from 'zod';
import { builtOnFirstUse } from '../compiled-schema.js';
import type { Alert, AlertChannel, AlertDigest, AlertSeverity } from '../ports/alert.js';
import { alertFingerprint } from './fingerprint.js';
import { plural } from './words.js';

/** The `kind` of a digest timer on the delay queue, beside the retry messages it shares the queue with. */
export const DIGEST_MESSAGE_KIND = 'alert-digest';

/**
 * The timer that closes the aggregation windows of one digest: a delayed message on the delay queue,
 * due when the windows end. The windows that end together and go to the same channels share it.
 * Built on first use (compiled-schema.ts).
 */
export const digestMessageSchema = builtOnFirstUse(() =>
  z.object({
    kind: z.literal(DIGEST_MESSAGE_KIND),
    digestKey: z.string(),
    /** Epoch ms: the windows' start, which names them. */
    windowStart: z.number(),
    windowSeconds: z.number().int().positive(),
    channels: z.array(z.enum(['sns', 'slack'])),
    /** Epoch ms when the digest is due (the windows' end plus a grace for clocks). */
    dueAt: z.number(),
  }),
);

export type DigestMessage = z.infer<ReturnType<typeof digestMessageSchema>>;

/** True for a value shaped as a digest timer (checked fully by {@link digestMessageSchema}). */
export function isDigestMessage(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === DIGEST_MESSAGE_KIND
  );
}

/** The digest the alerts of a window length and set of channels share: `600|slack,sns`. */
export function digestKey(windowSeconds: number, channels: readonly AlertChannel[]): string {
  return `${windowSeconds}|${[...channels].sort().join(',')}`;
}

/** "10 minutes", "45 seconds", "2 hours". */
function span(seconds: number): string {
  if (seconds % 3600 === 0) return plural(seconds / 3600, 'hour');
  if (seconds % 60 === 0) return plural(seconds / 60, 'minute');
  return plural(seconds, 'second');
}

function perQueue(byQueue: Readonly<Record<string, number>>): string {
  return Object.entries(byQueue)
    .sort(([, a], [, b]) => b - a)
    .map(([queue, n]) => `${queue}: ${n}`)
    .join(', ');
}

/**
 * The digest of one cause's window: the alerts that were counted and not sent on their own.
 * `leadSent` says whether the window's first alert went out by itself ("+N more like this").
 */
export function digestAlert(first: Alert, digest: AlertDigest, leadSent: boolean, at: number): Alert {
  const windowSeconds = Math.round((digest.to - digest.from) / 1000);
  const like = `${leadSent ? `+${digest.count} more` : String(digest.count)} like this in the last ${span(windowSeconds)}`;
  const queues = perQueue(digest.byQueue);
  const samples =
    digest.sampleJobIds.length === 0 ? '' : ` Some of the jobs: ${digest.sampleJobIds.join(', ')}.`;
  const { jobId: _job, rootJobId: _root, links: _links, ...shared } = first;
  return {
    ...shared,
    at,
    title: `${like}: ${first.title}`,
    summary:
      `${like} (same kind, class, queue, job definition and cause): ${first.title}.` +
      `${queues === '' ? '' : ` Per queue: ${queues}.`}${samples} The first of them: ${first.summary}`,
    digest,
  };
}

const SEVERITY_ORDER: readonly AlertSeverity[] = ['info', 'warning', 'critical'];

/** One cause of a window, for a digest of several: its first alert and how many to report. */
export interface DigestEntry {
  readonly first: Alert;
  readonly count: number;
  readonly byQueue: Readonly<Record<string, number>>;
  readonly sampleJobIds: readonly string[];
}

/**
 * The digest of a window in which several causes alerted: one message listing each cause with its
 * count, most alerts first, so a channel gets one summary per window however many causes there were.
 */
export function summaryDigest(
  entries: readonly DigestEntry[],
  window: { readonly from: number; readonly to: number },
  channels: readonly AlertChannel[],
  at: number,
): Alert {
  const sorted = [...entries].sort((a, b) => b.count - a.count);
  const total = sorted.reduce((sum, e) => sum + e.count, 0);
  const byQueue: Record<string, number> = {};
  for (const entry of sorted) {
    for (const [queue, n] of Object.entries(entry.byQueue)) byQueue[queue] = (byQueue[queue] ?? 0) + n;
  }
  const severity = sorted
    .map((e) => e.first.severity)
    .reduce(
      (a, b) => (SEVERITY_ORDER.indexOf(b) > SEVERITY_ORDER.indexOf(a) ? b : a),
      'info' as AlertSeverity,
    );
  const windowSeconds = Math.round((window.to - window.from) / 1000);
  const next =
    'Each cause above alerted on its own when it first appeared, with what to do; act on those. ' +
    '`batch-retry lineage <jobId>` shows any job.';
  const lines = sorted.map((e) => `${e.count} x ${e.first.title}`);
  return {
    kind: 'DIGEST',
    severity,
    title: `${plural(total, 'more alert')} of ${plural(sorted.length, 'cause')} in the last ${span(windowSeconds)}`,
    summary: `In the last ${span(windowSeconds)}: ${lines.join('; ')}.${Object.keys(byQueue).length === 0 ? '' : ` Per queue: ${perQueue(byQueue)}.`} Next: ${next}`,
    next,
    fingerprint: alertFingerprint({ kind: 'DIGEST' }),
    at,
    delivery: { aggregateSeconds: 0, channels },
    digest: {
      count: total,
      ...window,
      byQueue,
      sampleJobIds: sorted.flatMap((e) => e.sampleJobIds).slice(0, 10),
      causes: sorted.map((e) => ({
        fingerprint: e.first.fingerprint,
        kind: e.first.kind,
        severity: e.first.severity,
        title: e.first.title,
        count: e.count,
      })),
    },
  };
}
