import { paginateGetParameterHistory, type SSMClient } from '@aws-sdk/client-ssm';
import type { LoadedPolicy } from '#core/policy/index.js';
import { parsePolicyDocument } from '#core/policy/index.js';

/**
 * Finds the newest version of a policy parameter, older than `belowVersion`, that still validates
 * and carries the expected policy name. Used when a process starts with an invalid current version
 * and has no good copy in memory. SSM keeps the last 100 versions of a parameter. Needs
 * `ssm:GetParameterHistory`.
 */
export async function findLastGoodVersion(
  client: SSMClient,
  parameterName: string,
  policyName: string,
  belowVersion: number,
): Promise<LoadedPolicy | undefined> {
  let best: LoadedPolicy | undefined;
  const pages = paginateGetParameterHistory({ client }, { Name: parameterName, WithDecryption: false });
  for await (const page of pages) {
    for (const entry of page.Parameters ?? []) {
      const version = entry.Version ?? 0;
      if (
        entry.Value === undefined ||
        version >= belowVersion ||
        (best !== undefined && version <= best.version)
      ) {
        continue;
      }
      const parsed = parsePolicyDocument(entry.Value, `${parameterName}:${version}`);
      if (parsed.ok && parsed.policy.name === policyName)
        best = { name: policyName, version, policy: parsed.policy };
    }
  }
  return best;
}
