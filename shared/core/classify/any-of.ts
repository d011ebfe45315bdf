/**
 * One regular expression that matches wherever any of `regexes` could: a quick filter before the
 * patterns are tried one by one. Every reason is tested against every rule of the pack, and most
 * rules match nothing, so one test per rule and text instead of one per pattern keeps classification
 * cheap (docs/performance.md). Build it once, where the patterns are defined: it is compiled on
 * every call. It is case-insensitive even where a pattern is not, so it only ever says "maybe": the
 * pattern's own test decides.
 */
export function anyOf(regexes: readonly RegExp[]): RegExp {
  return new RegExp(regexes.map((r) => `(?:${r.source})`).join('|'), 'i');
}
