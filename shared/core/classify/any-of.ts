/**
 * One regular expression that matches wherever any of `regexes` could: a quick filter before the
 * patterns are tried one by one. Every reason is tested against every rule of the pack, and most
 * rules match nothing, so one test per rule and text instead of one per pattern keeps classification
 * cheap (docs/performance.md). It is case-insensitive even where a pattern is not, so it only ever
 * says "maybe": the pattern's own test decides.
 */
export function anyOf(regexes: readonly RegExp[]): RegExp {
  const known = combined.get(regexes);
  if (known !== undefined) return known;
  const any = new RegExp(regexes.map((r) => `(?:${r.source})`).join('|'), 'i');
  combined.set(regexes, any);
  return any;
}

const combined = new WeakMap<readonly RegExp[], RegExp>();
