import { describe, expect, it } from 'vitest';
import {
  FARGATE_SIZES,
  fargateVcpusAtMost,
  largestFargateMemory,
  smallestFargateSize,
} from '#core/decide/fargate-sizes.js';

const memoryOf = (vcpus: number) => FARGATE_SIZES.find((s) => s.vcpus === vcpus)?.memoryMiB ?? [];

describe('FARGATE_SIZES, the AWS Batch Fargate vCPU/memory table', () => {
  it('lists the seven vCPU values from 0.25 to 16, smallest first', () => {
    expect(FARGATE_SIZES.map((s) => s.vcpus)).toEqual([0.25, 0.5, 1, 2, 4, 8, 16]);
  });

  it.each([
    [0.25, 512, 2048, 3],
    [0.5, 1024, 4096, 4],
    [1, 2048, 8192, 7],
    [2, 4096, 16_384, 13],
    [4, 8192, 30_720, 23],
    [8, 16_384, 61_440, 12],
    [16, 32_768, 122_880, 12],
  ])('gives %s vCPU memory from %i to %i MiB in %i values', (vcpus, lowest, highest, count) => {
    const memory = memoryOf(vcpus);

    expect(memory[0]).toBe(lowest);
    expect(memory.at(-1)).toBe(highest);
    expect(memory).toHaveLength(count);
  });

  it('allows 0.25 vCPU only 512, 1024 and 2048 MiB', () => {
    expect(memoryOf(0.25)).toEqual([512, 1024, 2048]);
  });

  it('steps 8 vCPU memory by 4096 MiB and 16 vCPU memory by 8192 MiB', () => {
    expect(memoryOf(8).slice(0, 3)).toEqual([16_384, 20_480, 24_576]);
    expect(memoryOf(16).slice(0, 3)).toEqual([32_768, 40_960, 49_152]);
  });
});

describe('smallestFargateSize', () => {
  it('keeps a pair Fargate already accepts', () => {
    expect(smallestFargateSize(0.25, 2048)).toEqual({ vcpus: 0.25, memoryMiB: 2048 });
  });

  it('moves to 0.5 vCPU when memory goes past the 2048 MiB that 0.25 vCPU allows', () => {
    expect(smallestFargateSize(0.25, 4096)).toEqual({ vcpus: 0.5, memoryMiB: 4096 });
  });

  it('rounds memory up to the next value the vCPUs accept', () => {
    expect(smallestFargateSize(0.25, 1500)).toEqual({ vcpus: 0.25, memoryMiB: 2048 });
    expect(smallestFargateSize(0.5, 4097)).toEqual({ vcpus: 1, memoryMiB: 5120 });
    expect(smallestFargateSize(4, 30_721)).toEqual({ vcpus: 8, memoryMiB: 32_768 });
    expect(smallestFargateSize(8, 61_441)).toEqual({ vcpus: 16, memoryMiB: 65_536 });
  });

  it('never gives fewer vCPUs than asked, even where memory would allow them', () => {
    expect(smallestFargateSize(2, 2048)).toEqual({ vcpus: 2, memoryMiB: 4096 });
  });

  it('finds nothing above 16 vCPU / 122880 MiB', () => {
    expect(smallestFargateSize(16, 122_880)).toEqual({ vcpus: 16, memoryMiB: 122_880 });
    expect(smallestFargateSize(0.25, 122_881)).toBeUndefined();
    expect(smallestFargateSize(32, 1024)).toBeUndefined();
  });
});

describe('largestFargateMemory and fargateVcpusAtMost', () => {
  it('rounds memory down to a value some size with enough vCPUs accepts', () => {
    expect(largestFargateMemory(0.5, 5000)).toBe(4096);
    expect(largestFargateMemory(8, 20_000)).toBe(16_384);
    expect(largestFargateMemory(8, 16_000)).toBeUndefined();
  });

  it('rounds vCPUs down to a Fargate value', () => {
    expect(fargateVcpusAtMost(0.75)).toBe(0.5);
    expect(fargateVcpusAtMost(16)).toBe(16);
    expect(fargateVcpusAtMost(64)).toBe(16);
    expect(fargateVcpusAtMost(0.1)).toBeUndefined();
  });
});
