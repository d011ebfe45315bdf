import { InMemoryPolicySource } from '#adapters/memory/index.js';
import { parsePolicyDocument } from '#core/policy/index.js';
import type { CrashPoint } from '../integration/guarantees/harness.js';

/**
 * The policy of the crash suite: retries infrastructure and application failures after a minute,
 * gives up on the rest; `changes` override.
 */
export function crashPolicies(changes: Record<string, unknown> = {}): InMemoryPolicySource {
  const document = {
    schemaVersion: 1,
    name: 'default',
    rules: [
      { onClass: 'infrastructure', action: 'RETRY' },
      { onClass: 'application', action: 'RETRY' },
      { onClass: 'middleware', action: 'EXIT' },
    ],
    defaultAction: 'EXIT',
    budgets: { total: 6 },
    backoff: { strategy: 'fixed', baseSeconds: 60, jitter: 'none' },
    breaker: { enabled: false },
    ...changes,
  };
  const parsed = parsePolicyDocument(JSON.stringify(document), 'crashes');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return new InMemoryPolicySource([{ name: 'default', version: 1, policy: parsed.policy }]);
}

/** A crash just before and one just after each of the `calls` step boundaries of a crash-free run. */
export function crashPointsOf(calls: readonly unknown[]): CrashPoint[] {
  return calls.flatMap((_, call) => [
    { call, phase: 'before' as const },
    { call, phase: 'after' as const },
  ]);
}
