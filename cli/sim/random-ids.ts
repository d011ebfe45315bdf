import type { Random } from '#core/ports/index.js';

const HEX = '0123456789abcdef';

/** `length` lower-case hex digits drawn from `random`. */
export function randomHex(random: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += HEX.charAt(Math.floor(random.next() * 16));
  return out;
}

/** A version-4-shaped UUID (`8-4-4-4-12`, version nibble 4, variant 8-b), as Batch job ids look. */
export function randomUuid(random: Random): string {
  const variant = HEX.charAt(8 + Math.floor(random.next() * 4));
  return `${randomHex(random, 8)}-${randomHex(random, 4)}-4${randomHex(random, 3)}-${variant}${randomHex(random, 3)}-${randomHex(random, 12)}`;
}

/** An EC2 instance id (`i-` and 17 hex digits). */
export function randomInstanceId(random: Random): string {
  return `i-0${randomHex(random, 16)}`;
}
