import fc from 'fast-check';
import { EVENT_FIXTURE_NAMES, loadEventFixture } from '../fixtures/events/load-fixture.js';

/** What a change does at the place it reaches. */
type Edit = { readonly kind: 'set'; readonly value: unknown } | { readonly kind: 'delete' };

/** One change to a JSON document: where (an index into the keys or items at each level), and what. */
interface Change {
  readonly path: readonly number[];
  readonly edit: Edit;
}

/** Values hostile to a parser: huge, deep, empty, odd numbers and characters. */
const hostileValue = fc.oneof(
  fc.integer({ min: 1_000, max: 300_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 10, max: 3_000 }).map((depth) => {
    let nested: unknown = [];
    for (let i = 0; i < depth; i++) nested = [nested];
    return nested;
  }),
  fc.integer({ min: 11, max: 5_000 }).map((n) => Array.from({ length: n }, (_, i) => ({ exitCode: i }))),
  fc.constantFrom(null, '', [], {}, 0, -1, 1e308, -0, 2 ** 53 + 1, '\u0000', '\ud800', 'null', true),
);

const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => ({ kind: 'set' as const, value })) },
  { weight: 2, arbitrary: hostileValue.map((value) => ({ kind: 'set' as const, value })) },
  { weight: 3, arbitrary: fc.constant({ kind: 'delete' as const }) },
);

const change: fc.Arbitrary<Change> = fc.record({
  path: fc.array(fc.nat({ max: 1_000 }), { minLength: 1, maxLength: 5 }),
  edit,
});

/** `doc` with `change` applied, in place: each index picks a key (or item) of the level it is at. */
function apply(doc: unknown, { path, edit }: Change): unknown {
  let node = doc;
  for (let level = 0; level < path.length; level++) {
    if (node === null || typeof node !== 'object') return doc;
    const container = node as Record<string, unknown>;
    const keys = Object.keys(container);
    if (keys.length === 0) return doc;
    const key = keys[(path[level] ?? 0) % keys.length] as string;
    if (level === path.length - 1) {
      if (edit.kind === 'delete') delete container[key];
      else container[key] = edit.value;
      return doc;
    }
    node = container[key];
  }
  return doc;
}

/**
 * JSON text made from one of `bases` (a real document) with up to four fields changed, deleted, made
 * huge or deep; one time in ten any JSON at all, one in ten text that is not JSON.
 */
export function fuzzedJson(bases: readonly unknown[]): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .record({ base: fc.constantFrom(...bases), changes: fc.array(change, { maxLength: 4 }) })
        .map(({ base, changes }) => JSON.stringify(changes.reduce(apply, structuredClone(base)))),
    },
    { weight: 1, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  );
}

/** An SQS body as the decide function could receive it, made from the real events of test/fixtures/events/. */
export const fuzzedEventBody = fuzzedJson(EVENT_FIXTURE_NAMES.map(loadEventFixture));

/** Patterns that backtrack catastrophically in JavaScript's engine, or that RE2 refuses. */
const HOSTILE_PATTERNS = ['^(\\w+\\s?)+$', '(a+)+$', '(x+x+)+y', '(?=x)x', '(a)\\1'];

/**
 * A policy document made from `examples`, some with a regex rule in front built for catastrophic
 * backtracking or outside RE2's syntax.
 */
export function fuzzedPolicy(examples: readonly Record<string, unknown>[]): fc.Arbitrary<string> {
  const withRegex = examples.flatMap((example) =>
    HOSTILE_PATTERNS.map((onReason) => ({
      ...example,
      rules: [
        { onReason, regex: true, action: 'RETRY' },
        ...(Array.isArray(example.rules) ? example.rules : []),
      ],
    })),
  );
  return fuzzedJson([...examples, ...withRegex]);
}
