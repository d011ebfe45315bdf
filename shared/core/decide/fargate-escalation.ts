import type { Policy } from '../policy/schema.js';
import {
  type FargateSize,
  fargateVcpusAtMost,
  largestFargateMemory,
  smallestFargateSize,
} from './fargate-sizes.js';
import type { Resources } from './resources.js';

/** An escalation turned into a Fargate size, or why no Fargate size fits the policy. */
export type FargateFit =
  | { readonly fits: true; readonly resources: Required<Resources> }
  | { readonly fits: false; readonly reason: string };

const pair = (size: FargateSize): string => `${size.vcpus} vCPU / ${size.memoryMiB} MiB`;

/**
 * Turns the escalation `wanted` (from `escalatedResources`) of a job that ran on Fargate into a pair
 * Fargate accepts (see `FARGATE_SIZES`): memory rounded up to a Fargate value, with the fewest vCPUs
 * that allow it, but never fewer than the job had or than `vcpuFactor` asked for (rounded down to a
 * Fargate vCPU value). When the rounded-up memory is over `escalate.maxMemoryMiB`, the largest Fargate
 * value under that ceiling is used instead if it still grows the job. Neither `maxMemoryMiB` nor
 * `maxVcpus` is ever exceeded (a job already above a ceiling keeps what it had); without `maxVcpus`
 * the vCPUs grow only as far as Fargate needs for the memory. When nothing fits, the reason names the
 * pair Fargate would need and the ceiling in the way. Pure.
 */
export function fitToFargate(
  current: Resources,
  wanted: Resources,
  escalate: NonNullable<Policy['escalate']>,
): FargateFit {
  if (current.memoryMiB === undefined || current.vcpus === undefined) {
    return {
      fits: false,
      reason:
        'the event does not say both the memory and the vCPUs of the Fargate job, so no valid Fargate size can be chosen',
    };
  }
  const now = { vcpus: current.vcpus, memoryMiB: current.memoryMiB };
  const minVcpus = Math.max(now.vcpus, fargateVcpusAtMost(wanted.vcpus ?? now.vcpus) ?? now.vcpus);
  const target = wanted.memoryMiB ?? now.memoryMiB;
  const needed = smallestFargateSize(minVcpus, target);
  if (needed === undefined) {
    return {
      fits: false,
      reason:
        `Fargate has no size with ${target} MiB and at least ${minVcpus} vCPU (the largest is 16 vCPU / ` +
        '122880 MiB); run the job on EC2 to give it more memory',
    };
  }
  let size = needed;
  if (needed.memoryMiB > Math.max(now.memoryMiB, escalate.maxMemoryMiB)) {
    const fitting = largestFargateMemory(minVcpus, escalate.maxMemoryMiB);
    const smaller =
      fitting === undefined || fitting <= now.memoryMiB ? undefined : smallestFargateSize(minVcpus, fitting);
    if (smaller === undefined) {
      return {
        fits: false,
        reason:
          `on Fargate ${target} MiB needs ${pair(needed)}, above escalate.maxMemoryMiB (${escalate.maxMemoryMiB} ` +
          `MiB), and no larger Fargate size fits under it; raise escalate.maxMemoryMiB to ${needed.memoryMiB} or more`,
      };
    }
    size = smaller;
  }
  if (size.vcpus > Math.max(now.vcpus, escalate.maxVcpus ?? Number.POSITIVE_INFINITY)) {
    return {
      fits: false,
      reason:
        `on Fargate ${size.memoryMiB} MiB needs ${pair(size)}, above escalate.maxVcpus (${escalate.maxVcpus}); ` +
        `raise escalate.maxVcpus to ${size.vcpus} or more`,
    };
  }
  if (size.vcpus === now.vcpus && size.memoryMiB === now.memoryMiB) {
    return {
      fits: false,
      reason: `no larger Fargate size than ${pair(now)} fits under the escalation ceilings`,
    };
  }
  return { fits: true, resources: size };
}
