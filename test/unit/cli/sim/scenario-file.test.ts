import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimulationInputError } from '#cli/sim/errors.js';
import { loadScenarioFile } from '#cli/sim/scenario-file.js';
import { tempFile } from '../../../helpers/run-cli.js';

const example = JSON.parse(readFileSync('examples/scenarios/spot-reclaim.json', 'utf8')) as Record<
  string,
  unknown
>;

describe('loadScenarioFile', () => {
  it('resolves the policy a scenario names against the scenario file, not the working directory', async () => {
    const path = tempFile('scenario.json', JSON.stringify({ ...example, policy: '../policies/mine.json' }));

    const loaded = await loadScenarioFile(path);

    expect(loaded.policyPath).toBe(join(path, '..', '..', 'policies', 'mine.json'));
    expect(loaded.scenario.policy).toBe('../policies/mine.json');
  });

  it('leaves policyPath out when the scenario names no policy', async () => {
    const { policy: _policy, ...rest } = example;
    const path = tempFile('scenario.json', JSON.stringify(rest));

    const loaded = await loadScenarioFile(path);

    expect(loaded.policyPath).toBeUndefined();
  });

  it('names the file when it cannot be read', async () => {
    const folder = join(tempFile('x', ''), '..', 'missing');
    mkdirSync(folder);
    const path = join(folder, 'nope.json');

    await expect(loadScenarioFile(path)).rejects.toThrow(SimulationInputError);
    await expect(loadScenarioFile(path)).rejects.toThrow(`${path}: (document): cannot be read`);
  });

  it('names the file and the JSON path of an empty policy field', async () => {
    const path = tempFile('scenario.json', JSON.stringify({ ...example, policy: '' }));

    await expect(loadScenarioFile(path)).rejects.toThrow(
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: policy: `),
    );
  });
});
