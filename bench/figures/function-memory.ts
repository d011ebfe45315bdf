import type { Figure, Measurement } from '../figure.js';
import { lifecycle } from '../rig/lifecycle.js';

/** Peak RSS that fits a 128 MB function with room (issue 10). */
const RSS_TARGET_MIB = 100;

/**
 * 3. Peak RSS of each function's container (the bundle in a Node 22 process) after the lifecycle run:
 * decide through 1,000 failures and their children's 1,000 successes, resubmit through 1,000 retries.
 */
export const functionMemory: Figure = {
  id: 'memory',
  title: '3. Function memory',
  async measure(context) {
    const run = await lifecycle(context);
    return (['decide', 'resubmit'] as const).flatMap((name): Measurement[] => [
      {
        key: `memory.${name}.peak-rss`,
        label: `${name}: peak RSS after ${run.handled[name].toLocaleString('en-US')} ${name === 'decide' ? 'events' : 'retry messages'}`,
        value: run.memory[name].maxRssMiB,
        unit: 'MiB',
        target: { op: '<=', bound: RSS_TARGET_MIB },
        note: `RSS at the end ${run.memory[name].rssMiB.toFixed(0)} MiB; SQS batches of 10; Node's default heap limits (Lambda sets its own from the function's memory)`,
      },
      {
        key: `memory.${name}.rss-after-import`,
        label: `${name}: RSS once imported, before any event`,
        value: run.memoryAtStart[name].rssMiB,
        unit: 'MiB',
      },
    ]);
  },
};
