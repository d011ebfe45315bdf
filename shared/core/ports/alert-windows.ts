/** Where an alert was counted: its window, and what the window already knew. */
export type WindowCount =
  | {
      readonly late: false;
      /** Alerts counted in the window, this one included. */
      readonly count: number;
      /** Epoch ms. */
      readonly windowStart: number;
      /** True once the window was registered for the digest (its first alert is stored). */
      readonly registered: boolean;
      /** For the first alert of a window: whether the window just before it counted any. */
      readonly previousActive: boolean;
    }
  /** The window's digest is being sent or was sent (a clock behind, a grace overrun): send the alert alone. */
  | { readonly late: true };

/** What adding a window to its digest found. */
export type Registration =
  /** No timer is known to be queued for the digest: the caller queues one. */
  | 'timer-needed'
  /** A timer for the digest is queued. */
  | 'timer-queued'
  /** The digest is being sent or was sent: the caller sends its alert alone. */
  | 'closed';

/** One window's totals when its digest is due. */
export interface WindowTotals {
  readonly fingerprint: string;
  readonly count: number;
  /** Whether the window's first alert went out on its own. */
  readonly leadSent: boolean;
  readonly byQueue: Readonly<Record<string, number>>;
  readonly sampleJobIds: readonly string[];
  /** The first alert counted in the window, as an alert message (JSON), to write the digest around. */
  readonly first: string | undefined;
}

/** The answer to a claim on a digest. */
export type DigestClaim =
  | { readonly kind: 'claimed'; readonly windows: readonly WindowTotals[] }
  /** Another worker holds the claim: try again later. */
  | { readonly kind: 'busy' }
  /** The digest was sent, or it expired: nothing to do. */
  | { readonly kind: 'done' };

/**
 * Alert aggregation windows, shared by every function that alerts (on AWS: items in the ledger
 * table, updated with conditional counters, so concurrent invocations agree on which alert is first
 * and on the totals). A window counts one fingerprint for `windowSeconds` and starts at a whole
 * multiple of it. The windows that end together and go to the same channels form one digest (named
 * by its `digestKey`), sent as one message.
 */
export interface AlertWindowPort {
  /** Counts one alert of `fingerprint` at `at` (epoch ms) in its window. */
  count(args: {
    readonly fingerprint: string;
    readonly at: number;
    readonly windowSeconds: number;
    readonly jobId?: string;
    readonly jobQueue?: string;
  }): Promise<WindowCount>;

  /** Adds a window to its digest (idempotent). */
  register(args: {
    readonly fingerprint: string;
    readonly windowStart: number;
    readonly digestKey: string;
  }): Promise<Registration>;

  /**
   * Records, once the digest's timer is surely queued, that the window is registered, its first
   * alert (an alert message, JSON) and whether that went out alone; with `timerQueued`, that the
   * digest has its timer. Until this is recorded, later alerts of the window register it again, so a
   * crash in between never leaves a window without a digest.
   */
  markRegistered(args: {
    readonly fingerprint: string;
    readonly windowStart: number;
    readonly digestKey: string;
    readonly first: string;
    readonly leadSent: boolean;
    readonly timerQueued: boolean;
  }): Promise<void>;

  /** Claims the digest `digestKey` of the windows starting at `windowStart` for `leaseMs`, with every window's totals. */
  claimDigest(digestKey: string, windowStart: number, now: number, leaseMs: number): Promise<DigestClaim>;

  /** Records that the digest was sent (or was not needed), and with it each of its windows. */
  markDigested(
    digestKey: string,
    windowStart: number,
    fingerprints: readonly string[],
    now: number,
  ): Promise<void>;
}
