import type { Figure, Measurement } from '../figure.js';
import { experimentFlags, type HostMemory } from '../rig/container.js';
import { FUNCTION_MEMORY_MIB } from '../rig/function-rig.js';
import { functionWorkloads } from '../rig/function-workloads.js';
import { lifecycle } from '../rig/lifecycle.js';

/** Peak RSS that fits a 128 MB function with room (issue 10). */
const RSS_TARGET_MIB = 100;

/** Experiment flags the containers ran with (BENCH_NODE_FLAGS), for the notes. */
const FLAGS = experimentFlags().length === 0 ? '' : `, and ${experimentFlags().join(' ')}`;

/** The peak and start-up rows of one function's container. */
function rows(name: string, handled: string, atStart: HostMemory, after: HostMemory): Measurement[] {
  return [
    {
      key: `memory.${name}.peak-rss`,
      label: `${name}: peak RSS after ${handled}`,
      value: after.maxRssMiB,
      unit: 'MiB',
      target: { op: '<=', bound: RSS_TARGET_MIB },
      note: `RSS at the end ${after.rssMiB.toFixed(0)} MiB; the heap limits Lambda's Node.js runtime sets for a ${FUNCTION_MEMORY_MIB} MB function${FLAGS}`,
    },
    {
      key: `memory.${name}.rss-after-import`,
      label: `${name}: RSS once imported, before any event`,
      value: atStart.rssMiB,
      unit: 'MiB',
    },
  ];
}

/**
 * 3. Peak RSS of each function's container (the bundle in a Node 22 process with Lambda's heap
 * limits for a 128 MB function): decide through 1,000 failures and their children's 1,000
 * successes, resubmit through 1,000 retries (SQS batches of 10); reconcile through 1,000 failures
 * in 100 sweeps, await through 1,000 tasks, notify through 1,000 alerts posted to Slack.
 */
export const functionMemory: Figure = {
  id: 'memory',
  title: '3. Function memory',
  async measure(context) {
    const run = await lifecycle(context);
    const others = await functionWorkloads(context);
    return [
      ...rows(
        'decide',
        `${run.handled.decide.toLocaleString('en-US')} events`,
        run.memoryAtStart.decide,
        run.memory.decide,
      ),
      {
        key: 'memory.decide.rss-after-first-20',
        label: 'decide: RSS after its first 20 events',
        value: run.decideMemoryAfterFirst.rssMiB,
        unit: 'MiB',
        note: "ten failures, then their children's ten successes: what a container takes on first (docs/performance.md, figure 3)",
      },
      ...rows(
        'resubmit',
        `${run.handled.resubmit.toLocaleString('en-US')} retry messages`,
        run.memoryAtStart.resubmit,
        run.memory.resubmit,
      ),
      ...Object.entries(others).flatMap(([name, w]) => rows(name, w.handled, w.atStart, w.after)),
    ];
  },
};
