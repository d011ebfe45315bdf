/**
 * A Lambda container for benchmarks: a Node 22 child process (forked by FunctionHost, built by
 * esbuild into plain JavaScript so that no TypeScript loader sits in its memory) that imports one
 * handler bundle and invokes it when the parent asks, over IPC. The clock the handler reads (`Date`)
 * is the parent's scenario time; what the handler writes to stdout and stderr (its log lines and
 * metrics, which CloudWatch Logs would ingest) is counted and dropped.
 *
 * Argument: the bundle's path. Messages: see HostRequest and HostReply.
 */
import { pathToFileURL } from 'node:url';
import type { Context, SQSBatchResponse } from 'aws-lambda';
import { lambdaContext } from '../../test/helpers/lambda-context.js';

/**
 * What the parent asks: one invocation with `event` (an SQS batch, a scheduled event, a state
 * machine's payload, an SNS delivery) at scenario time `now` (epoch ms), or the memory figures.
 */
export type HostRequest =
  | { readonly id: number; readonly kind: 'invoke'; readonly event: unknown; readonly now: number }
  | { readonly id: number; readonly kind: 'memory' };

/** One invocation: the handler's answer (an SQS function's by default), its wall and CPU time, and the log bytes it wrote. */
export interface Invocation<Response = SQSBatchResponse> {
  readonly response: Response;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly logBytes: number;
}

/** The container's peak resident set since it started, and now, in MiB. */
export interface HostMemory {
  readonly maxRssMiB: number;
  readonly rssMiB: number;
}

export type HostReply =
  | { readonly id: 0; readonly ready: true }
  | { readonly id: number; readonly invocation: Invocation<unknown> }
  | { readonly id: number; readonly memory: HostMemory }
  | { readonly id: number; readonly error: string };

const RealDate = Date;
let offsetMs = 0;
/** `Date` shifted to the scenario's time: `new Date()` and `Date.now()` both (Powertools uses both). */
class ScenarioDate extends RealDate {
  constructor(...args: []) {
    if (args.length === 0) super(RealDate.now() + offsetMs);
    else super(...(args as unknown as [number]));
  }
  static override now(): number {
    return RealDate.now() + offsetMs;
  }
}
globalThis.Date = ScenarioDate as DateConstructor;

let logBytes = 0;
// BENCH_HOST_LOGS=1 shows the handlers' log lines on stderr, to see why an invocation failed.
const show = process.env.BENCH_HOST_LOGS === '1' ? process.stderr.write.bind(process.stderr) : undefined;
const count = (chunk: unknown): boolean => {
  logBytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk as Uint8Array).byteLength;
  show?.(chunk as string);
  return true;
};
process.stdout.write = count as typeof process.stdout.write;
process.stderr.write = count as typeof process.stderr.write;

const bundle = process.argv[2];
if (bundle === undefined) throw new Error('usage: function-host.mjs <handler bundle>');
const { handler } = (await import(pathToFileURL(bundle).href)) as {
  handler: (event: unknown, context: Context) => Promise<unknown>;
};
const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'batch-retry-bench';

async function answer(request: HostRequest): Promise<HostReply> {
  if (request.kind === 'memory') {
    const memory = {
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
      rssMiB: process.memoryUsage().rss / 2 ** 20,
    };
    return { id: request.id, memory };
  }
  offsetMs = request.now - RealDate.now();
  logBytes = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const response = await handler(request.event, lambdaContext(functionName));
  const wallMs = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  return { id: request.id, invocation: { response, wallMs, cpuMs: (user + system) / 1000, logBytes } };
}

process.on('message', (request: HostRequest) => {
  void answer(request).then(
    (reply) => process.send?.(reply),
    (error: unknown) =>
      process.send?.({ id: request.id, error: error instanceof Error ? error.stack : String(error) }),
  );
});
process.send?.({ id: 0, ready: true });
