import * as z from 'zod';

const probability = z.number().min(0).max(1);
const perHour = z.number().min(0).max(3600);

/** When an incident happens: minutes after the first submission, and for how long. */
const window = {
  startMinute: z.number().min(0),
  durationMinutes: z.number().positive(),
};

/**
 * Capacity pools: where attempts are placed. On EC2 a Spot capacity pool is an instance type in an
 * Availability Zone; on Fargate, a zone. Each attempt is placed in one pool, drawn by `weight` among
 * the pools whose zone is not impaired at that moment; its Spot reclaim hazard is the pool's.
 */
export const capacitySchema = z.strictObject({
  pools: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        zone: z.string().min(1),
        weight: z.number().positive().exactOptional(),
      }),
    )
    .min(1),
  spotReclaimPerHour: perHour
    .exactOptional()
    .describe('Background Spot reclaims per running hour in every pool, on the Spot queue only.'),
});

/** Something that happens to the world for a while, the same for the native and the policy run. */
export const incidentSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('spot-reclaim-wave'),
    ...window,
    pools: z.array(z.string().min(1)).min(1),
    reclaimPerHour: perHour.refine((rate) => rate > 0, { error: 'must be above 0' }),
  }),
  z.strictObject({ kind: z.literal('registry-throttling'), ...window, pullFailureProbability: probability }),
  z.strictObject({ kind: z.literal('registry-outage'), ...window, pullFailureProbability: probability }),
  z.strictObject({ kind: z.literal('az-impairment'), ...window, zone: z.string().min(1) }),
  z.strictObject({
    kind: z.literal('capacity-shortage'),
    ...window,
    queue: z.enum(['spot', 'onDemand']),
  }),
]);

export type CapacitySpec = z.infer<typeof capacitySchema>;
export type Incident = z.infer<typeof incidentSchema>;

/**
 * Cross-field problems of a world: unique pool names, and incidents that name only pools and zones
 * the capacity lists. `issue(path, message)` receives each problem, its path relative to the workload.
 */
export function worldProblems(
  capacity: CapacitySpec | undefined,
  incidents: readonly Incident[],
  issue: (path: (string | number)[], message: string) => void,
): void {
  const pools = new Set<string>();
  capacity?.pools.forEach((pool, i) => {
    if (pools.has(pool.name)) issue(['capacity', 'pools', i, 'name'], `repeats the pool name ${pool.name}`);
    pools.add(pool.name);
  });
  const zones = new Set(capacity?.pools.map((p) => p.zone) ?? []);
  const known = (what: string, names: Set<string>) =>
    names.size === 0
      ? `names a ${what}, but capacity.pools lists none; add capacity.pools`
      : `is not a ${what} of capacity.pools (${[...names].join(', ')})`;
  incidents.forEach((incident, i) => {
    if (incident.kind === 'spot-reclaim-wave') {
      incident.pools.forEach((pool, j) => {
        if (!pools.has(pool)) issue(['incidents', i, 'pools', j], known('pool', pools));
      });
    }
    if (incident.kind === 'az-impairment' && !zones.has(incident.zone)) {
      issue(['incidents', i, 'zone'], known('zone', zones));
    }
  });
}
