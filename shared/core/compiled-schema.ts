import * as z from 'zod';

/**
 * `schema` as zod compiles it ahead of time (`z.compile`): a generated parser for valid input, zod's
 * runtime parser (and its issues) for invalid input. For the schemas every event goes through, where
 * the runtime parser costs more than the rest of the decision. Compiled on the first call, once per
 * process: compiling takes tens of milliseconds, which a process that never parses such input (most
 * CLI commands, a function on another path) should not pay at import.
 */
export function compiledOnFirstUse<T extends z.ZodType>(schema: T): () => T {
  let compiled: T | undefined;
  return () => {
    compiled ??= z.compile(schema);
    return compiled;
  };
}
