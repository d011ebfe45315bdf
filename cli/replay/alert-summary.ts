import type { Alert, AlertKind, AlertPort } from '#core/ports/index.js';

/** Examples kept per alert group by default. */
export const DEFAULT_ALERT_EXAMPLES = 3;

/** One alert as an operator would have read it. */
export interface AlertExample {
  readonly title: string;
  readonly summary: string;
  readonly jobId?: string;
}

/** The alerts of one fingerprint (same kind, queue and failure class): how many, and the first few. */
export interface AlertGroup {
  readonly kind: AlertKind;
  readonly fingerprint: string;
  readonly count: number;
  readonly examples: readonly AlertExample[];
}

interface MutableGroup {
  readonly kind: AlertKind;
  readonly fingerprint: string;
  count: number;
  readonly examples: AlertExample[];
}

/**
 * An AlertPort that counts alerts by fingerprint instead of sending them, keeping the first
 * `examplesPerGroup` of each. Memory grows with the number of fingerprints (kinds x queues x classes),
 * not with the number of alerts.
 */
export class SummarisingAlerts implements AlertPort {
  readonly #groups = new Map<string, MutableGroup>();
  readonly #examplesPerGroup: number;

  constructor(examplesPerGroup = DEFAULT_ALERT_EXAMPLES) {
    this.#examplesPerGroup = examplesPerGroup;
  }

  async publish(alert: Alert): Promise<void> {
    const key = `${alert.kind}\u0000${alert.fingerprint}`;
    let group = this.#groups.get(key);
    if (group === undefined) {
      group = { kind: alert.kind, fingerprint: alert.fingerprint, count: 0, examples: [] };
      this.#groups.set(key, group);
    }
    group.count++;
    if (group.examples.length < this.#examplesPerGroup) {
      group.examples.push({
        title: alert.title,
        summary: alert.summary,
        ...(alert.jobId === undefined ? {} : { jobId: alert.jobId }),
      });
    }
  }

  /** Every group, most alerts first (ties by fingerprint). */
  groups(): AlertGroup[] {
    return [...this.#groups.values()]
      .map((g) => ({ kind: g.kind, fingerprint: g.fingerprint, count: g.count, examples: [...g.examples] }))
      .sort((a, b) => b.count - a.count || a.fingerprint.localeCompare(b.fingerprint));
  }
}
