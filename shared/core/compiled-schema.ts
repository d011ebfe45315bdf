import * as z from 'zod';

/**
 * `build()`, called on first use and kept for the life of the process. For zod schemas: building them
 * is most of what importing this code costs (zod runs each schema's constructors, and V8 compiles
 * zod's code as it first runs), so a process builds only the schemas it uses, when it first uses them,
 * not at import. A function's cold import and a CLI command's start pay for none of the schemas
 * they never parse with (docs/performance.md, figure 3).
 */
export function builtOnFirstUse<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => {
    built ??= build();
    return built;
  };
}

/**
 * Parses after which a schema is compiled. Measured on Node 22 (docs/performance.md, figure 1):
 * compiling the event schema and running its generated parser once costs about 45 ms, and each parse
 * then saves about 19 us (28 us on zod's runtime parser, 9 us compiled), so compiling pays for itself
 * after about 2,300 parses (about 5,000 for the resubmittable detail). Compiling at this count, as a
 * ski rental buys once the rent paid equals the price, never costs more than about twice the better
 * of "compile at once" and "never compile" chosen in hindsight: a container that handles a few events
 * no longer pays 45 ms per schema on its first event, and a busy one runs compiled after a few seconds.
 */
export const COMPILE_AFTER_PARSES = 2000;

/**
 * `schema()` (built on first use) on zod's runtime parser for its first `after` uses, then as zod
 * compiles it ahead of time (`z.compile`): a generated parser for valid input, zod's runtime parser
 * (and its issues) for invalid input. For the schemas every event goes through, where the runtime
 * parser costs more than the rest of the decision once a container is busy. Compiled once per
 * process, and only in a process that parses that often.
 */
export function compiledWhenHot<T extends z.ZodType>(
  schema: () => T,
  after: number = COMPILE_AFTER_PARSES,
): () => T {
  const runtime = builtOnFirstUse(schema);
  let uses = 0;
  let compiled: T | undefined;
  return () => {
    if (compiled !== undefined) return compiled;
    uses += 1;
    if (uses <= after) return runtime();
    compiled = z.compile(runtime());
    return compiled;
  };
}
