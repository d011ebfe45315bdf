import { dirname, resolve } from 'node:path';
import { readJsonInput } from './json-input.js';
import { parseScenario, type Scenario } from './scenario.js';

/** A scenario read from a file, with its `policy` resolved against the file's folder. */
export interface ScenarioFile {
  readonly path: string;
  readonly scenario: Scenario;
  /** Absolute path of the policy the scenario names, when it names one. */
  readonly policyPath?: string;
}

/**
 * Reads and validates a scenario file. A relative `policy` is resolved against the folder of the
 * scenario file, so `"policy": "../policies/spot-reclaim.json"` works from any working directory.
 * @throws SimulationInputError naming `path` and the JSON path of every problem
 */
export async function loadScenarioFile(path: string): Promise<ScenarioFile> {
  const scenario = parseScenario(await readJsonInput(path), path);
  return {
    path,
    scenario,
    ...(scenario.policy === undefined ? {} : { policyPath: resolve(dirname(path), scenario.policy) }),
  };
}
