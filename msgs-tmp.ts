import { readFileSync } from 'node:fs';
import { InMemoryPolicySource, SeededRandom } from '#adapters/memory/index.js';
import { parsePolicyDocument } from '#core/policy/index.js';
import { attachOrchestrator } from './cli/sim/orchestrated-run.js';
import { parseWorkload } from './cli/sim/workload.js';
import { createWorkloadSimulation } from './cli/sim/workload-simulation.js';

const [wfile, pfile] = process.argv.slice(2);
const workload = parseWorkload(JSON.parse(readFileSync(wfile, 'utf8')), wfile);
const parsed = parsePolicyDocument(readFileSync(pfile, 'utf8'), pfile);
if (!parsed.ok) throw new Error('bad policy');
const sim = createWorkloadSimulation(workload, { seed: workload.seed ?? 1 });
const o = attachOrchestrator(sim, {
  policies: new InMemoryPolicySource([{ name: parsed.policy.name, version: 1, policy: parsed.policy }]),
  random: new SeededRandom(1),
});
sim.submitAll();
await sim.run({});
const t0 = o.channels.topic[0] ? Date.parse(o.channels.topic[0].at) : 0;
for (const m of o.channels.topic)
  console.log(
    ((Date.parse(m.at) - t0) / 60000).toFixed(0).padStart(5),
    m.channels.join(','),
    m.kind,
    m.digest ? `digest ${m.digest.count}` : 'single',
    m.fingerprint.slice(0, 110),
  );
