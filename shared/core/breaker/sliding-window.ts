/**
 * The sliding window a breaker counts failures in, keyed on each failure's own time (when the job
 * stopped), so that a backlog processed after an outage is not mistaken for a burst, and a burst that
 * straddles a fixed boundary is still seen whole.
 *
 * A window of W seconds is kept as {@link BUCKETS_PER_WINDOW} buckets of W/10 seconds (at least one
 * second). The count at time t adds every bucket that overlaps (t - W, t], so it may include up to one
 * bucket's worth of failures just older than W: it errs toward opening, by at most a tenth of a window.
 * Buckets are named `b<W>_<start s>`; two policies with different windows on one queue count apart.
 */
export const BUCKETS_PER_WINDOW = 10;

/** Length of one bucket, in seconds. */
export function bucketSeconds(windowSeconds: number): number {
  return Math.max(1, Math.ceil(windowSeconds / BUCKETS_PER_WINDOW));
}

/** The name of the bucket that holds a failure at `at` (epoch ms). */
export function bucketName(at: number, windowSeconds: number): string {
  const size = bucketSeconds(windowSeconds);
  return `b${windowSeconds}_${Math.floor(at / 1000 / size) * size}`;
}

function parseBucket(name: string): { windowSeconds: number; startSeconds: number } | undefined {
  const match = /^b(\d+)_(\d+)$/.exec(name);
  if (match === null) return undefined;
  return { windowSeconds: Number(match[1]), startSeconds: Number(match[2]) };
}

/** Failures counted in the window that ends at `at` (epoch ms), from a breaker's buckets. */
export function slidingCount(
  buckets: Readonly<Record<string, number>>,
  at: number,
  windowSeconds: number,
): number {
  const size = bucketSeconds(windowSeconds);
  const nowSeconds = at / 1000;
  let count = 0;
  for (const [name, n] of Object.entries(buckets)) {
    const bucket = parseBucket(name);
    if (bucket?.windowSeconds !== windowSeconds) continue;
    const start = bucket.startSeconds;
    if (start <= nowSeconds && start + size > nowSeconds - windowSeconds) count += n;
  }
  return count;
}

/**
 * Buckets that can no longer count at `now` or later: they ended more than a window ago. Any window
 * length's buckets, so a policy that changed its window leaves nothing behind.
 */
export function staleBuckets(names: Iterable<string>, now: number): string[] {
  const nowSeconds = now / 1000;
  const stale: string[] = [];
  for (const name of names) {
    const bucket = parseBucket(name);
    if (bucket === undefined) continue;
    const end = bucket.startSeconds + bucketSeconds(bucket.windowSeconds);
    if (end <= nowSeconds - bucket.windowSeconds) stale.push(name);
  }
  return stale;
}

/**
 * The failures worth counting at `now`: those inside the last window (older ones can never open the
 * breaker again), grouped by bucket.
 */
export function bucketsToAdd(
  failureTimes: readonly number[],
  now: number,
  windowSeconds: number,
): Map<string, number> {
  const added = new Map<string, number>();
  for (const at of failureTimes) {
    if (at <= now - windowSeconds * 1000 || at > now + 60_000) continue;
    const name = bucketName(Math.min(at, now), windowSeconds);
    added.set(name, (added.get(name) ?? 0) + 1);
  }
  return added;
}
