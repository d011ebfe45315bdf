import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import type { Figure, Measurement } from '../figure.js';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url);
const WORKLOADS = 'examples/workloads/';
const POLICY = 'examples/policies/recommended.json';
/** The native strategies of issue 16: Batch's `{"attempts": 3}` and the blog-style strategy. */
const NATIVES = [
  { key: 'attempts-3', file: 'examples/native/attempts-3.json' },
  { key: 'blog-style', file: 'examples/native/blog-style.json' },
] as const;
/** Issue 16: recoverable losses at most a tenth of native, at a cost at most 1.1x native `{"attempts": 3}`. */
const LOSS_TARGET = 0.1;
const COST_TARGET = 1.1;
/**
 * Below this share of jobs succeeding under native retries, the cost ratio has no target: native
 * spent little because it gave up on the work (a registry storm fails every pull in seconds), so the
 * ratio compares finished work with work not done.
 */
const COMPARABLE_SUCCESS = 0.5;

interface Side {
  readonly jobs: number;
  readonly succeeded: number;
  readonly recoverableLost: number;
  readonly cost: number;
}

interface Sides {
  readonly native: Side;
  readonly policy: Side;
}

/** `batch-retry compare` as a user runs it, with --output json. */
async function compare(workload: string, native: string): Promise<Sides> {
  const args = ['bin/batch-retry.js', 'compare', '--workload', workload, '--policy', POLICY];
  const { stdout } = await run(process.execPath, [...args, '--native', native, '--output', 'json'], {
    cwd: ROOT,
    maxBuffer: 16 * 2 ** 20,
  });
  return JSON.parse(stdout) as Sides;
}

/** True when native retries finished enough of the work for a cost comparison to mean something. */
function comparable(native: Side): boolean {
  return native.jobs > 0 && native.succeeded / native.jobs >= COMPARABLE_SUCCESS;
}

/** policy / native; 0 when neither lost a job, Infinity when only the policy did. */
function lossRatio({ native, policy }: Sides): number {
  if (native.recoverableLost === 0) return policy.recoverableLost === 0 ? 0 : Number.POSITIVE_INFINITY;
  return policy.recoverableLost / native.recoverableLost;
}

/**
 * 8. Outcome on every workload of examples/workloads/: recoverable losses (jobs that could have
 * succeeded but were lost) and cost, the recommended policy against each native strategy, from
 * `batch-retry compare` (simulated; the same luck on both sides).
 */
export const outcomes: Figure = {
  id: 'outcome',
  title: '8. Outcome, recommended policy against native retries',
  async measure() {
    const workloads = readdirSync(new URL(WORKLOADS, ROOT))
      .filter((f) => f.endsWith('.json'))
      .sort();
    const runs = workloads.flatMap((file) => NATIVES.map((native) => ({ file, native })));
    // Two at a time: the machine has two cores and nothing here is timed.
    const results: Sides[] = [];
    for (let i = 0; i < runs.length; i += 2) {
      const pair = runs
        .slice(i, i + 2)
        .map(({ file, native }) => compare(`${WORKLOADS}${file}`, native.file));
      results.push(...(await Promise.all(pair)));
    }
    return runs.flatMap(({ file, native }, i): Measurement[] => {
      const sides = results[i];
      if (sides === undefined) return [];
      const name = file.slice(0, -'.json'.length);
      const lost = `policy ${sides.policy.recoverableLost}, native ${sides.native.recoverableLost}`;
      return [
        {
          key: `outcome.${name}.recoverable-losses.vs-${native.key}`,
          label: `${name}: recoverable losses / native ${native.key}`,
          value: lossRatio(sides),
          unit: 'x',
          target: { op: '<=', bound: LOSS_TARGET },
          note: `${lost} (batch-retry compare --workload ${WORKLOADS}${file} --policy ${POLICY} --native ${native.file})`,
        },
        {
          key: `outcome.${name}.cost.vs-${native.key}`,
          label: `${name}: cost / native ${native.key}`,
          value: sides.native.cost === 0 ? Number.NaN : sides.policy.cost / sides.native.cost,
          unit: 'x',
          ...(native.key === 'attempts-3' && comparable(sides.native)
            ? { target: { op: '<=', bound: COST_TARGET } }
            : {}),
          ...(comparable(sides.native)
            ? {}
            : {
                note: `no target: native finished ${sides.native.succeeded} of ${sides.native.jobs} jobs (the policy ${sides.policy.succeeded}), so its cost is of work not done`,
              }),
        },
      ];
    });
  },
};
