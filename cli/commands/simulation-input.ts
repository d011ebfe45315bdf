import { requireReadableFile } from '../inputs/index.js';
import { CliError, EXIT_BAD_INPUT } from '../kit/index.js';
import { readJsonInput, SimulationInputError } from '../sim/index.js';

/**
 * Reads a simulator input file (a workload, a native retryStrategy) with `parse`; a file that cannot
 * be read or parsed is an unusable input (exit 2) naming every problem with its JSON path.
 */
export async function readSimulationInput<T>(
  path: string,
  parse: (value: unknown, source: string) => T,
): Promise<T> {
  await requireReadableFile(path);
  try {
    return parse(await readJsonInput(path), path);
  } catch (error) {
    if (!(error instanceof SimulationInputError)) throw error;
    throw new CliError(
      EXIT_BAD_INPUT,
      error.problems.map(({ field, problem }) => ({
        input: error.source,
        problem: field === '' ? problem : `${field}: ${problem}`,
      })),
      'Nothing was simulated. Fix the file (see docs/simulator.md) and run again.',
    );
  }
}
