import type { Context, SNSEvent } from 'aws-lambda';
import { vi } from 'vitest';
import { lambdaContext } from '../../helpers/lambda-context.js';
import { type LogLine, withCapturedLogs } from '../functions/log-capture.js';

/** Logs at INFO, and metrics printed (the test configuration silences both), so both can be read. */
const OBSERVED = {
  POWERTOOLS_LOG_LEVEL: 'INFO',
  POWERTOOLS_METRICS_DISABLED: 'false',
  POWERTOOLS_METRICS_NAMESPACE: 'BatchRetry',
};

/** A cold notify function: `invoke` answers what the invocation threw (undefined when it succeeded). */
export interface NotifyFunction {
  invoke(event: SNSEvent): Promise<unknown>;
  /** Every line the handler logged, across invocations. */
  readonly logs: LogLine[];
}

/**
 * Cold-starts the notify handler with `env` (stubbed; undo with `vi.unstubAllEnvs()`), as Lambda
 * would load it: its module scope runs again, so the webhook cache starts empty. The SSM client
 * must be mocked by the caller.
 */
export async function coldStartNotify(env: Readonly<Record<string, string>>): Promise<NotifyFunction> {
  vi.resetModules();
  for (const [name, value] of Object.entries({ ...OBSERVED, ...env })) vi.stubEnv(name, value);
  const { handler } = (await import('#functions/notify/handler.js')) as {
    handler: (event: SNSEvent, context: Context) => Promise<void>;
  };
  const logs: LogLine[] = [];
  const invoke = async (event: SNSEvent) => {
    const { result, lines } = await withCapturedLogs(() =>
      handler(event, lambdaContext('batch-retry-notify')).then(
        () => undefined,
        (error: unknown) => error,
      ),
    );
    logs.push(...lines);
    return result;
  };
  return { invoke, logs };
}
