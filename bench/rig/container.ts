import { type ChildProcess, fork } from 'node:child_process';
import type { SQSBatchResponse } from 'aws-lambda';
import { node22 } from '../node22.js';
import type { HostMemory, HostReply, HostRequest, Invocation } from './function-host.js';

export type { HostMemory, Invocation } from './function-host.js';

type Pending = (reply: HostReply) => void;

/**
 * The heap limits the Lambda Node.js runtime's bootstrap passes to node for a function of
 * `memoryMiB` (its `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`): a tenth of the memory for the young
 * generation, half of that per semi-space, the rest for the old generation. Without them V8 sizes
 * its heap from this machine's 24 GiB, and a container's RSS says little about a 128 MB function.
 */
export function lambdaHeapFlags(memoryMiB: number): string[] {
  const newSpace = Math.floor(memoryMiB / 10);
  return [
    `--max-semi-space-size=${Math.floor(newSpace / 2)}`,
    `--max-old-space-size=${memoryMiB - newSpace}`,
  ];
}

/**
 * `BENCH_NODE_FLAGS`: flags every container gets after the heap limits (later ones win), to find out
 * what a container's memory is made of, e.g. `BENCH_NODE_FLAGS="--no-opt --no-maglev" npm run bench --
 * --only memory` (docs/performance.md, figure 3). A run with them prints its table but does not
 * write bench/results.json.
 */
export function experimentFlags(): string[] {
  return (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter((flag) => flag !== '');
}

/**
 * One warm Lambda container of a function, in its own Node 22 process (bench/rig/function-host.ts):
 * the bundle is imported once at start (the cold start), then every `invoke` is a warm invocation.
 */
export class FunctionContainer {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, Pending>();
  #next = 1;

  private constructor(child: ChildProcess) {
    this.#child = child;
    child.on('message', (reply: HostReply) => {
      this.#pending.get(reply.id)?.(reply);
      this.#pending.delete(reply.id);
    });
  }

  /**
   * Forks the host with `bundle` and environment `env`, with the V8 heap limits Lambda's Node.js
   * runtime sets for a function of `memoryMiB`; resolves once the bundle is imported.
   */
  static async start(
    host: string,
    bundle: string,
    env: NodeJS.ProcessEnv,
    memoryMiB: number,
  ): Promise<FunctionContainer> {
    const child = fork(host, [bundle], {
      execPath: node22(),
      execArgv: [...lambdaHeapFlags(memoryMiB), ...experimentFlags()],
      env,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const container = new FunctionContainer(child);
    await new Promise<void>((resolve, reject) => {
      container.#pending.set(0, () => resolve());
      child.once('exit', (code) => reject(new Error(`the ${bundle} container exited (${code}) at start`)));
    });
    child.removeAllListeners('exit');
    return container;
  }

  /**
   * One invocation with `event`, the handler's clock set to `now` (epoch ms). `Response` is what the
   * handler returns: an SQS batch response unless said otherwise.
   */
  async invoke<Response = SQSBatchResponse>(event: unknown, now: number): Promise<Invocation<Response>> {
    const reply = await this.#ask({ id: this.#next++, kind: 'invoke', event, now });
    if (!('invocation' in reply))
      throw new Error(`invocation failed: ${'error' in reply ? reply.error : ''}`);
    return reply.invocation as Invocation<Response>;
  }

  /** Peak and current resident set of the container. */
  async memory(): Promise<HostMemory> {
    const reply = await this.#ask({ id: this.#next++, kind: 'memory' });
    if (!('memory' in reply)) throw new Error(`memory query failed: ${'error' in reply ? reply.error : ''}`);
    return reply.memory;
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.#child.once('exit', resolve));
    this.#child.kill();
    await exited;
  }

  #ask(request: HostRequest): Promise<HostReply> {
    return new Promise((resolve, reject) => {
      this.#pending.set(request.id, resolve);
      this.#child.send(request, (error) => {
        if (error !== null) reject(error);
      });
    });
  }
}
