import type {
  AlertWindowPort,
  DigestClaim,
  Registration,
  WindowCount,
  WindowTotals,
} from '#core/ports/index.js';

/** Sample job ids kept per window, as on DynamoDB. */
const SAMPLE_SLOTS = 5;

interface Window {
  count: number;
  byQueue: Record<string, number>;
  samples: string[];
  registered: boolean;
  leadSent: boolean;
  first?: string;
  closed: boolean;
}

interface Digest {
  readonly fingerprints: Set<string>;
  timerQueued: boolean;
  claimUntil?: number;
  digestedAt?: number;
}

/**
 * Alert aggregation windows in memory, with the DynamoDB adapter's semantics (windows at whole
 * multiples of their length, a claimed or digested window or digest refuses new counts, the digest
 * claim's lease): for the simulator and fast tests.
 */
export class InMemoryAlertWindows implements AlertWindowPort {
  readonly #windows = new Map<string, Window>();
  readonly #digests = new Map<string, Digest>();

  async count(args: Parameters<AlertWindowPort['count']>[0]): Promise<WindowCount> {
    const size = args.windowSeconds * 1000;
    const windowStart = Math.floor(args.at / size) * size;
    const key = `${args.fingerprint}|${windowStart}`;
    const window = this.#windows.get(key) ?? {
      count: 0,
      byQueue: {},
      samples: [],
      registered: false,
      leadSent: false,
      closed: false,
    };
    if (window.closed) return { late: true };
    window.count++;
    if (args.jobQueue !== undefined) window.byQueue[args.jobQueue] = (window.byQueue[args.jobQueue] ?? 0) + 1;
    if (args.jobId !== undefined && window.samples.length < SAMPLE_SLOTS) window.samples.push(args.jobId);
    this.#windows.set(key, window);
    const previous = this.#windows.get(`${args.fingerprint}|${windowStart - size}`);
    return {
      late: false,
      count: window.count,
      windowStart,
      registered: window.registered,
      previousActive: window.count === 1 && (previous?.count ?? 0) > 0,
    };
  }

  async register(args: Parameters<AlertWindowPort['register']>[0]): Promise<Registration> {
    const key = `${args.digestKey}|${args.windowStart}`;
    const digest = this.#digests.get(key) ?? { fingerprints: new Set<string>(), timerQueued: false };
    if (digest.claimUntil !== undefined || digest.digestedAt !== undefined) return 'closed';
    digest.fingerprints.add(args.fingerprint);
    this.#digests.set(key, digest);
    return digest.timerQueued ? 'timer-queued' : 'timer-needed';
  }

  async markRegistered(args: Parameters<AlertWindowPort['markRegistered']>[0]): Promise<void> {
    const window = this.#windows.get(`${args.fingerprint}|${args.windowStart}`);
    if (window !== undefined) {
      window.registered = true;
      window.first ??= args.first;
      if (args.leadSent) window.leadSent = true;
    }
    const digest = this.#digests.get(`${args.digestKey}|${args.windowStart}`);
    if (digest !== undefined && args.timerQueued) digest.timerQueued = true;
  }

  async claimDigest(
    digestKey: string,
    windowStart: number,
    now: number,
    leaseMs: number,
  ): Promise<DigestClaim> {
    const digest = this.#digests.get(`${digestKey}|${windowStart}`);
    if (digest === undefined || digest.digestedAt !== undefined) return { kind: 'done' };
    if (digest.claimUntil !== undefined && digest.claimUntil >= now) return { kind: 'busy' };
    digest.claimUntil = now + leaseMs;
    const windows: WindowTotals[] = [];
    for (const fingerprint of [...digest.fingerprints].sort()) {
      const window = this.#windows.get(`${fingerprint}|${windowStart}`);
      if (window === undefined) continue;
      window.closed = true;
      windows.push({
        fingerprint,
        count: window.count,
        leadSent: window.leadSent,
        byQueue: { ...window.byQueue },
        sampleJobIds: [...window.samples].sort(),
        first: window.first,
      });
    }
    return { kind: 'claimed', windows };
  }

  async markDigested(
    digestKey: string,
    windowStart: number,
    _fingerprints: readonly string[],
    now: number,
  ): Promise<void> {
    const digest = this.#digests.get(`${digestKey}|${windowStart}`);
    if (digest !== undefined) digest.digestedAt = now;
  }
}
