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
 * `schema()` as zod compiles it ahead of time (`z.compile`): a generated parser for valid input, zod's
 * runtime parser (and its issues) for invalid input. For the schemas every event goes through, where
 * the runtime parser costs more than the rest of the decision. Built and compiled on the first call,
 * once per process: compiling takes tens of milliseconds, which a process that never parses such
 * input (most CLI commands, a function on another path) should not pay at import.
 */
export function compiledOnFirstUse<T extends z.ZodType>(schema: () => T): () => T {
  return builtOnFirstUse(() => z.compile(schema()));
}
