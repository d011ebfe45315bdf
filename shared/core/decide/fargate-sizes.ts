/** A vCPU / memory pair AWS Batch accepts for a job that runs on Fargate. */
export interface FargateSize {
  /** vCPUs, as the `VCPU` resource requirement writes them (0.25, 0.5, 1, ...). */
  readonly vcpus: number;
  /** Memory in MiB, as the `MEMORY` resource requirement writes it. */
  readonly memoryMiB: number;
}

function steps(fromMiB: number, toMiB: number, stepMiB: number): readonly number[] {
  return Array.from({ length: (toMiB - fromMiB) / stepMiB + 1 }, (_, i) => fromMiB + i * stepMiB);
}

/**
 * Every vCPU value a Fargate job may ask for, smallest first, with the memory values (MiB) each one
 * accepts. SubmitJob refuses any other pair for a job on Fargate resources.
 *
 * Source: AWS Batch API Reference, `ResourceRequirement.value` ("For jobs that are running on Fargate
 * resources, then value must match one of the supported values and the MEMORY values must be one of
 * the values supported for that VCPU value"), the same text as in the doc comments of
 * `@aws-sdk/client-batch` 3.1138.0; it matches the ECS task CPU and memory table for Fargate.
 * The SDK text also lists 32 vCPUs (61440, 122880 or 249856 MiB), which the ECS table and the Batch
 * user guide ("use EC2 for more than 16 vCPUs or 120 GiB") do not; it is left out, so no escalation
 * asks Fargate for more than 16 vCPUs / 120 GiB.
 */
export const FARGATE_SIZES: readonly { readonly vcpus: number; readonly memoryMiB: readonly number[] }[] = [
  { vcpus: 0.25, memoryMiB: [512, 1024, 2048] },
  { vcpus: 0.5, memoryMiB: steps(1024, 4096, 1024) },
  { vcpus: 1, memoryMiB: steps(2048, 8192, 1024) },
  { vcpus: 2, memoryMiB: steps(4096, 16_384, 1024) },
  { vcpus: 4, memoryMiB: steps(8192, 30_720, 1024) },
  { vcpus: 8, memoryMiB: steps(16_384, 61_440, 4096) },
  { vcpus: 16, memoryMiB: steps(32_768, 122_880, 8192) },
];

/**
 * The smallest Fargate size with at least `minVcpus` vCPUs and at least `minMemoryMiB` of memory:
 * the fewest vCPUs that allow that much memory, and the smallest memory value those vCPUs accept
 * at or above it (memory rounded up). Undefined when no size is that large (above 16 vCPUs or
 * 122880 MiB).
 */
export function smallestFargateSize(minVcpus: number, minMemoryMiB: number): FargateSize | undefined {
  for (const size of FARGATE_SIZES) {
    if (size.vcpus < minVcpus) continue;
    const memoryMiB = size.memoryMiB.find((m) => m >= minMemoryMiB);
    if (memoryMiB !== undefined) return { vcpus: size.vcpus, memoryMiB };
  }
  return undefined;
}

/**
 * The largest memory value (MiB) at or below `maxMemoryMiB` that some Fargate size with at least
 * `minVcpus` vCPUs accepts (memory rounded down), or undefined when there is none.
 */
export function largestFargateMemory(minVcpus: number, maxMemoryMiB: number): number | undefined {
  const values = FARGATE_SIZES.filter((s) => s.vcpus >= minVcpus).flatMap((s) =>
    s.memoryMiB.filter((m) => m <= maxMemoryMiB),
  );
  return values.length === 0 ? undefined : Math.max(...values);
}

/** The largest vCPU value Fargate accepts at or below `vcpus`, or undefined below 0.25. */
export function fargateVcpusAtMost(vcpus: number): number | undefined {
  return FARGATE_SIZES.filter((s) => s.vcpus <= vcpus).at(-1)?.vcpus;
}
