import type { PullError } from './attempt-outcome.js';
import type { CapacitySpec, Incident } from './world-schema.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** How long after an Availability Zone is impaired the hosts in it are lost: spread over this many ms. */
const ZONE_LOSS_SPREAD_MS = 10 * MINUTE;

/** Which side of the workload a queue is. */
export type QueueKind = 'spot' | 'onDemand';

/** A capacity pool an attempt runs in (an instance type in a zone; a zone on Fargate). */
export interface Pool {
  readonly name: string;
  readonly zone: string;
  readonly weight: number;
}

interface Window {
  readonly from: number;
  readonly to: number;
}

/** The single pool of a workload that lists none: nothing can be told apart by zone. */
const ONLY_POOL: Pool = { name: 'default', zone: 'default', weight: 1 };

/**
 * The world a workload runs in, on virtual time: capacity pools, a background Spot reclaim hazard,
 * and incidents (Spot reclaim waves per pool, registry throttling and outages, Availability Zone
 * impairments, capacity shortages). Pure: every answer depends only on the times and the uniform
 * draws it is given, so the native and the policy run of a compare live through the same incidents
 * and, for the same attempt at the same time, the same luck.
 */
export class World {
  private readonly pools: readonly Pool[];
  private readonly baseReclaimPerHour: number;
  private readonly incidents: readonly (Incident & Window)[];

  /** @param startAt epoch ms of the first submission: incidents' `startMinute` counts from here */
  constructor(capacity: CapacitySpec | undefined, incidents: readonly Incident[], startAt: number) {
    this.pools = capacity?.pools.map((p) => ({ name: p.name, zone: p.zone, weight: p.weight ?? 1 })) ?? [
      ONLY_POOL,
    ];
    this.baseReclaimPerHour = capacity?.spotReclaimPerHour ?? 0;
    this.incidents = incidents.map((incident) => ({
      ...incident,
      from: startAt + incident.startMinute * MINUTE,
      to: startAt + (incident.startMinute + incident.durationMinutes) * MINUTE,
    }));
  }

  /**
   * The earliest time from `earliest` on when a queue of this kind can place a job: not during a
   * capacity shortage of that queue, and not while every zone is impaired. Batch holds the job
   * RUNNABLE until then.
   */
  capacityFreeAt(queue: QueueKind, earliest: number): number {
    let at = earliest;
    for (let moved = true; moved; ) {
      moved = false;
      for (const i of this.incidents) {
        const blocks =
          (i.kind === 'capacity-shortage' && i.queue === queue) ||
          (i.kind === 'az-impairment' && this.pools.every((p) => this.zoneImpairedAt(p.zone, at)));
        if (blocks && i.from <= at && at < i.to) {
          at = i.to;
          moved = true;
        }
      }
    }
    return at;
  }

  /** The pool an attempt placed at `at` runs in: drawn by weight (`u` uniform in [0, 1)) among the zones not impaired then. */
  place(at: number, u: number): Pool {
    const open = this.pools.filter((p) => !this.zoneImpairedAt(p.zone, at));
    const candidates = open.length > 0 ? open : this.pools;
    const total = candidates.reduce((sum, p) => sum + p.weight, 0);
    let left = u * total;
    for (const pool of candidates) {
      left -= pool.weight;
      if (left < 0) return pool;
    }
    return candidates.at(-1) ?? ONLY_POOL;
  }

  /**
   * When a Spot reclaim strikes an attempt running in `pool` from `from` to `to` (epoch ms), or
   * undefined if none does: the first time the cumulative hazard (background plus every wave on the
   * pool) reaches `exposure`, an Exp(1) draw (`-ln(1 - u)`) of the attempt.
   */
  spotReclaimAt(pool: Pool, from: number, to: number, exposure: number): number | undefined {
    const waves = this.incidents.filter(
      (i): i is Extract<Incident, { kind: 'spot-reclaim-wave' }> & Window =>
        i.kind === 'spot-reclaim-wave' && i.pools.includes(pool.name),
    );
    const edges = [from, to, ...waves.flatMap((w) => [w.from, w.to])]
      .filter((t) => t >= from && t <= to)
      .sort((a, b) => a - b);
    let left = exposure;
    for (let k = 0; k + 1 < edges.length; k++) {
      const start = edges[k] as number;
      const end = edges[k + 1] as number;
      if (end <= start) continue;
      const rate =
        (this.baseReclaimPerHour +
          waves.filter((w) => w.from <= start && start < w.to).reduce((s, w) => s + w.reclaimPerHour, 0)) /
        HOUR;
      if (rate > 0 && rate * (end - start) >= left) return start + left / rate;
      left -= rate * (end - start);
    }
    return undefined;
  }

  /**
   * When the host of an attempt running in `zone` from `from` to `to` is lost to an impairment of
   * that zone that begins meanwhile, or undefined: the impairment's start plus up to ten minutes
   * (`u` spreads the losses), if that is before `to`.
   */
  zoneLossAt(zone: string, from: number, to: number, u: number): number | undefined {
    const starts = this.incidents
      .filter((i) => i.kind === 'az-impairment' && i.zone === zone && i.from > from && i.from < to)
      .map((i) => i.from + u * ZONE_LOSS_SPREAD_MS)
      .filter((t) => t < to);
    return starts.length === 0 ? undefined : Math.min(...starts);
  }

  /**
   * The pull error of an image pulled at `at`, if a registry incident makes it fail: with the
   * incident's probability (`u`), throttling gives `registry-throttled`; an outage gives
   * `network-timeout` or, for a third of the pulls (`v`), `registry-unavailable`.
   */
  pullErrorAt(at: number, u: number, v: number): PullError | undefined {
    for (const i of this.incidents) {
      if (i.from > at || at >= i.to) continue;
      if (i.kind === 'registry-throttling' && u < i.pullFailureProbability) return 'registry-throttled';
      if (i.kind === 'registry-outage' && u < i.pullFailureProbability) {
        return v < 1 / 3 ? 'registry-unavailable' : 'network-timeout';
      }
    }
    return undefined;
  }

  private zoneImpairedAt(zone: string, at: number): boolean {
    return this.incidents.some(
      (i) => i.kind === 'az-impairment' && i.zone === zone && i.from <= at && at < i.to,
    );
  }
}
