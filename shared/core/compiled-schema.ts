import { compile, type core } from 'zod/mini';

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
 * `schema()` (built on first use) on zod's runtime parser for its first `after` uses, then as zod
 * compiles it ahead of time (zod's `compile`): a generated parser for valid input, zod's runtime parser
 * (and its issues) for invalid input. For the schemas every event goes through, where the runtime
 * parser costs more than the rest of the decision once a container is busy. Compiled once per
 * process, and only in a process that parses that often.
 *
 * Choose `after` as a ski rental buys: at the number of parses whose savings pay for compiling
 * (compiling costs `after` parses' worth of savings), so that a process never spends more than about
 * twice what the better of "compile at once" and "never compile" would have cost, known in hindsight.
 * Compiling a schema and its first compiled parse take about 45 ms on Node 22 (docs/performance.md,
 * figure 1): a container that handles a few events does not pay that on its first event.
 */
export function compiledWhenHot<T extends core.$ZodType>(schema: () => T, after: number): () => T {
  const runtime = builtOnFirstUse(schema);
  let uses = 0;
  let compiled: T | undefined;
  return () => {
    if (compiled !== undefined) return compiled;
    uses += 1;
    if (uses <= after) return runtime();
    compiled = compile(runtime());
    return compiled;
  };
}
