import { describe, expect, it } from 'vitest';
import { type Pool, World } from '#cli/sim/world.js';
import type { CapacitySpec, Incident } from '#cli/sim/world-schema.js';

const START = Date.UTC(2025, 0, 6, 22, 0, 0);
const MIN = 60_000;
const at = (minute: number) => START + minute * MIN;

const CAPACITY: CapacitySpec = {
  pools: [
    { name: 'a/c6i.2xlarge', zone: 'us-east-1a' },
    { name: 'a/m6i.2xlarge', zone: 'us-east-1a' },
    { name: 'b/c6i.2xlarge', zone: 'us-east-1b' },
  ],
};

const world = (incidents: readonly Incident[], capacity: CapacitySpec = CAPACITY) =>
  new World(capacity, incidents, START);

describe('World', () => {
  describe('spotReclaimAt', () => {
    const wave: Incident = {
      kind: 'spot-reclaim-wave',
      startMinute: 60,
      durationMinutes: 30,
      pools: ['a/c6i.2xlarge'],
      reclaimPerHour: 6,
    };
    const inWave: Pool = { name: 'a/c6i.2xlarge', zone: 'us-east-1a', weight: 1 };
    const calm: Pool = { name: 'b/c6i.2xlarge', zone: 'us-east-1b', weight: 1 };

    it('strikes when the hazard accumulated since the attempt started reaches its exposure draw', () => {
      // 6 reclaims an hour: an exposure of 1 is used up 10 minutes into the wave.
      expect(world([wave]).spotReclaimAt(inWave, at(50), at(120), 1)).toBe(at(70));
      // Started in the middle of the wave: 10 minutes after its own start.
      expect(world([wave]).spotReclaimAt(inWave, at(75), at(120), 1)).toBe(at(85));
    });

    it('spares an attempt in another pool, one that ends before the wave, and one that outlives the hazard', () => {
      expect(world([wave]).spotReclaimAt(calm, at(50), at(120), 0.1)).toBeUndefined();
      expect(world([wave]).spotReclaimAt(inWave, at(0), at(59), 0.1)).toBeUndefined();
      // The whole wave holds 3 expected reclaims; an exposure of 4 is never reached.
      expect(world([wave]).spotReclaimAt(inWave, at(0), at(240), 4)).toBeUndefined();
    });

    it('adds the background hazard of the capacity to every pool', () => {
      const calmWorld = world([], { ...CAPACITY, spotReclaimPerHour: 0.5 });

      expect(calmWorld.spotReclaimAt(calm, at(0), at(600), 1)).toBe(at(120));
    });
  });

  describe('capacityFreeAt', () => {
    it('holds a queue RUNNABLE through its capacity shortage, and only that queue', () => {
      const shortage: Incident = {
        kind: 'capacity-shortage',
        queue: 'spot',
        startMinute: 10,
        durationMinutes: 40,
      };

      expect(world([shortage]).capacityFreeAt('spot', at(20))).toBe(at(50));
      expect(world([shortage]).capacityFreeAt('spot', at(5))).toBe(at(5));
      expect(world([shortage]).capacityFreeAt('onDemand', at(20))).toBe(at(20));
    });

    it('holds every queue while every zone is impaired, but not while one zone is left', () => {
      const zoneA: Incident = {
        kind: 'az-impairment',
        zone: 'us-east-1a',
        startMinute: 0,
        durationMinutes: 60,
      };
      const zoneB: Incident = {
        kind: 'az-impairment',
        zone: 'us-east-1b',
        startMinute: 30,
        durationMinutes: 60,
      };

      expect(world([zoneA]).capacityFreeAt('onDemand', at(10))).toBe(at(10));
      expect(world([zoneA, zoneB]).capacityFreeAt('onDemand', at(40))).toBe(at(60));
    });
  });

  describe('place and zoneLossAt', () => {
    const impairment: Incident = {
      kind: 'az-impairment',
      zone: 'us-east-1a',
      startMinute: 30,
      durationMinutes: 90,
    };

    it('places attempts by weight, and never in an impaired zone', () => {
      const w = world([impairment]);
      const before = [0.1, 0.5, 0.9].map((u) => w.place(at(10), u).name);
      const during = [0.1, 0.5, 0.9].map((u) => w.place(at(40), u).name);

      expect(before).toEqual(['a/c6i.2xlarge', 'a/m6i.2xlarge', 'b/c6i.2xlarge']);
      expect(new Set(during)).toEqual(new Set(['b/c6i.2xlarge']));
    });

    it('loses the hosts of the impaired zone within ten minutes of the impairment, and no others', () => {
      const w = world([impairment]);

      expect(w.zoneLossAt('us-east-1a', at(0), at(120), 0.5)).toBe(at(35));
      expect(w.zoneLossAt('us-east-1b', at(0), at(120), 0.5)).toBeUndefined();
      expect(w.zoneLossAt('us-east-1a', at(0), at(32), 0.5)).toBeUndefined();
    });
  });

  describe('pullErrorAt', () => {
    it('fails pulls inside a registry window with its probability, with the words of its kind', () => {
      const throttling: Incident = {
        kind: 'registry-throttling',
        startMinute: 0,
        durationMinutes: 20,
        pullFailureProbability: 0.6,
      };
      const outage: Incident = {
        kind: 'registry-outage',
        startMinute: 30,
        durationMinutes: 20,
        pullFailureProbability: 1,
      };
      const w = world([throttling, outage]);

      expect(w.pullErrorAt(at(5), 0.5, 0)).toBe('registry-throttled');
      expect(w.pullErrorAt(at(5), 0.7, 0)).toBeUndefined();
      expect(w.pullErrorAt(at(25), 0, 0)).toBeUndefined();
      expect(w.pullErrorAt(at(35), 0.99, 0.9)).toBe('network-timeout');
      expect(w.pullErrorAt(at(35), 0.99, 0.1)).toBe('registry-unavailable');
    });
  });
});
