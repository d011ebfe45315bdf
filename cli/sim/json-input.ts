import { readFile } from 'node:fs/promises';
import { SimulationInputError } from './errors.js';

/**
 * Reads a simulator input file (scenario, workload, retryStrategy) and decodes its JSON.
 * @throws SimulationInputError naming `path` when the file cannot be read or is not JSON
 */
export async function readJsonInput(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SimulationInputError(path, [
      { field: '', problem: `cannot be read: ${(error as Error).message}` },
    ]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new SimulationInputError(path, [
      { field: '', problem: `is not valid JSON: ${(error as Error).message}` },
    ]);
  }
}
