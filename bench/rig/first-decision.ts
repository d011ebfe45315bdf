/**
 * A decide container's cold work without the SDK: imports the decision-path bundle in this fresh
 * process, then decides one Spot reclaim through the decide use case on in-memory ports (policies
 * read from examples/policies), and prints the CPU ms of each step as JSON. Built by esbuild and run
 * under Node 22 by the function-bundles figure, once per sample. What the import no longer builds
 * (schemas built on first use, compiled when hot) is paid here if the first event needs it.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

type DecisionPath = typeof import('./decision-path.js');

const [bundle, root] = process.argv.slice(2);
if (bundle === undefined || root === undefined) throw new Error('usage: first-decision.mjs <bundle> <repo>');
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const started = cpuMs();
const p = (await import(pathToFileURL(bundle).href)) as DecisionPath;
const imported = cpuMs();
const policies = await p.policySourceFromFiles(
  ['production.json', 'default.json'].map((file) => `${root}/examples/policies/${file}`),
);
const text = readFileSync(`${root}/test/fixtures/events/ec2-spot-host-terminated.json`, 'utf8');
/** A minute after the job stopped: the lineage is young, and the policy retries it. */
const stoppedAt = (JSON.parse(text) as { detail: { stoppedAt: number } }).detail.stoppedAt;
const [outcome] = await p.handleJobEvents([p.parseEventJson(text, 'first event')], {
  ledger: new p.InMemoryLedger(),
  breaker: new p.InMemoryBreaker(),
  retries: new p.RecordingDelayQueue(),
  alerts: new p.CollectingAlerts(),
  policies,
  clock: { now: () => stoppedAt + 60_000 },
  random: new p.SeededRandom(1),
  log: p.silentLog,
});
if (outcome instanceof Error || outcome?.outcome !== 'retry-scheduled') {
  throw new Error(
    `the first event was not retried: ${outcome instanceof Error ? outcome.message : outcome?.outcome}`,
  );
}
process.stdout.write(`${JSON.stringify({ importMs: imported - started, firstMs: cpuMs() - imported })}\n`);
