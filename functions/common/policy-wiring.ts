import { createSsmClient, SsmPolicySource } from '#adapters/aws/ssm/index.js';
import type { AlertPort, LogPort, PolicySource } from '#core/ports/index.js';

/**
 * The policies of a function: SSM parameters under `POLICY_PREFIX`, cached `POLICY_CACHE_SECONDS`
 * per container, the last known good version kept when one turns invalid (alerted on `alerts`).
 */
export function wirePolicies(
  env: { readonly POLICY_PREFIX: string; readonly POLICY_CACHE_SECONDS: number },
  alerts: AlertPort,
  log: LogPort,
): PolicySource {
  return new SsmPolicySource({
    client: createSsmClient(),
    alerts,
    prefix: env.POLICY_PREFIX,
    maxAgeSeconds: env.POLICY_CACHE_SECONDS,
    log,
  });
}
