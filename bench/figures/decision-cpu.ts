import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DecideDeps, RetryMessage } from '#core/orchestrator/index.js';
import type { LoadedPolicy } from '#core/policy/index.js';
import type { PolicySource } from '#core/ports/index.js';
import { type BenchContext, type Figure, type Measurement, median } from '../figure.js';
import { bundles } from '../rig/bundles.js';

/** The decision path as bundled (bench/rig/decision-path.ts). */
type DecisionPath = typeof import('../rig/decision-path.js');

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/** The three events of issue 10's measurement: one attempt, several attempts, several containers. */
const EVENTS = [
  { key: 'spot-reclaim', label: 'Spot reclaim', fixture: 'ec2-spot-host-terminated' },
  { key: 'multi-attempt', label: 'multi-attempt job', fixture: 'native-attempts-mixed-causes' },
  { key: 'multi-container', label: 'multi-container job', fixture: 'ecs-multi-container-failed' },
] as const;
const POLICIES = ['../../examples/policies/production.json', '../../examples/policies/default.json'];
/** Events per timed batch, rounds (each: JSON.parse, decision, decision on ports), warm-up events. */
const PER_ROUND = 500;
const ROUNDS = 41;
const WARM_UP = 5_000;
/** Decision CPU as a multiple of JSON.parse of the same bytes (issue 10). */
const TARGET_RATIO = 3;

const cpuMicros = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/** PER_ROUND copies of the fixture as EventBridge sends it (one line), each for another job. */
function eventTexts(fixture: string, round: number): string[] {
  const event = JSON.parse(readFileSync(path(`../../test/fixtures/events/${fixture}.json`), 'utf8'));
  return Array.from({ length: PER_ROUND }, (_, i) => {
    event.detail.jobId = `bench-${round}-${i}-0000-4000-8000-000000000000`;
    return JSON.stringify(event);
  });
}

const NOW = Date.UTC(2026, 0, 1);

/** Fresh in-memory ports: the ledger, breaker and queue hold one round's lineages only. */
function deps(p: DecisionPath, policies: PolicySource): DecideDeps {
  return {
    ledger: new p.InMemoryLedger(),
    breaker: new p.InMemoryBreaker(),
    retries: new p.RecordingDelayQueue<RetryMessage>(),
    alerts: new p.CollectingAlerts(),
    policies,
    clock: { now: () => NOW },
    random: new p.SeededRandom(1),
    log: p.silentLog,
  };
}

/** The decision for each text: parse, normalise, classify, select, decide (with the SubmitJob request). */
function decideAll(p: DecisionPath, texts: readonly string[], policies: readonly LoadedPolicy[]): void {
  const random = new p.SeededRandom(1);
  for (const text of texts) {
    const job = p.parseEventJson(text, 'bench');
    const classification = p.classifyJob(job);
    const selected = p.selectPolicy(job, policies);
    if (selected === undefined) throw new Error(`no policy governs ${job.jobId}`);
    p.decide({ job, classification, lineage: undefined, policy: selected.policy, now: NOW, random });
  }
}

/** The decide function's use case for each text, on in-memory ports (ledger, breaker, queue, alerts). */
async function handleAll(p: DecisionPath, texts: readonly string[], policies: PolicySource): Promise<void> {
  const ports = deps(p, policies);
  for (const text of texts) {
    const [outcome] = await p.handleJobEvents([p.parseEventJson(text, 'bench')], ports);
    if (outcome instanceof Error) throw outcome;
  }
}

/** Per-round CPU in microseconds of each batch. */
interface Round {
  readonly parse: number;
  readonly decide: number;
  readonly ports: number;
}

async function rounds(p: DecisionPath, fixture: string, source: PolicySource): Promise<Round[]> {
  const policies = await source.load();
  for (let i = 0; i < WARM_UP / PER_ROUND; i++) {
    decideAll(p, eventTexts(fixture, -1 - i), policies);
    await handleAll(p, eventTexts(fixture, -1 - i), source);
  }
  const measured: Round[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const texts = eventTexts(fixture, round);
    let t = cpuMicros();
    for (const text of texts) JSON.parse(text);
    const parse = cpuMicros() - t;
    t = cpuMicros();
    decideAll(p, texts, policies);
    const decide = cpuMicros() - t;
    t = cpuMicros();
    await handleAll(p, texts, source);
    measured.push({ parse, decide, ports: cpuMicros() - t });
  }
  return measured.filter((r) => r.parse > 0);
}

/**
 * 1. CPU of the decision path per event as a ratio to `JSON.parse` of the same bytes (the event as
 * SQS delivers it, one line), measured with process.cpuUsage over interleaved rounds, median of the
 * per-round ratios: the decision itself (issue 10's target), and the decide use case on in-memory
 * ports (ledger record, breaker count, retries queue); events per second on one core from the latter.
 * The code measured is the esbuild bundle of bench/rig/decision-path.ts, built as Lambda's are.
 */
export const decisionCpu: Figure = {
  id: 'decision-cpu',
  title: '1. Decision path CPU',
  async measure(context: BenchContext) {
    const p = (await import(pathToFileURL((await bundles(context)).decisionPath).href)) as DecisionPath;
    const source = await p.policySourceFromFiles(POLICIES.map(path));
    const rows: Measurement[] = [];
    for (const { key, label, fixture } of EVENTS) {
      const measured = await rounds(p, fixture, source);
      const bytes = eventTexts(fixture, 0)[0]?.length ?? 0;
      const portsMicros = median(measured.map((r) => r.ports / PER_ROUND));
      const how = `median of ${measured.length} rounds of ${PER_ROUND} events`;
      rows.push(
        {
          key: `decision-cpu.${key}`,
          label: `${label}: decision / JSON.parse`,
          value: median(measured.map((r) => r.decide / r.parse)),
          unit: 'x',
          target: { op: '<=', bound: TARGET_RATIO },
          note: `${fixture}.json (${bytes} bytes): parse, normalise, classify, select, decide and its SubmitJob request; ${how}`,
        },
        {
          key: `decision-cpu.${key}.with-ports`,
          label: `${label}: decide use case on in-memory ports / JSON.parse`,
          value: median(measured.map((r) => r.ports / r.parse)),
          unit: 'x',
          note: `handleJobEvents with the in-memory ledger, breaker and queue; ${how}, ${portsMicros.toFixed(0)} us CPU per event`,
        },
        {
          key: `decision-cpu.${key}.events-per-second`,
          label: `${label}: events per second on one core (use case)`,
          value: 1e6 / portsMicros,
          unit: 'events/s',
        },
      );
    }
    return rows;
  },
};
