import type { SubmitJobInput } from '../ports/batch.js';
import { LINEAGE_LABEL_KEYS, LINEAGE_TAG_KEYS } from './lineage-tags.js';

/**
 * The request with the token of the claim it is submitted under: a tag, and on an EKS job a pod
 * label too. The child's events carry it back, which proves the child is the one the claim
 * submitted (a copy made with the console's "clone job", or a duplicate whose worker lost its claim,
 * carries another token or none).
 */
export function withClaimToken(request: SubmitJobInput, claimToken: string): SubmitJobInput {
  const eks = request.eksPropertiesOverride;
  const pod = eks?.podProperties;
  return {
    ...request,
    tags: { ...request.tags, [LINEAGE_TAG_KEYS.claim]: claimToken },
    ...(eks === undefined
      ? {}
      : {
          eksPropertiesOverride: {
            ...eks,
            podProperties: {
              ...pod,
              metadata: {
                ...pod?.metadata,
                labels: { ...pod?.metadata?.labels, [LINEAGE_LABEL_KEYS.claim]: claimToken },
              },
            },
          },
        }),
  };
}

/**
 * The request of a probe: a parked retry that goes first after a breaker's cooldown. The tag names
 * the opening it probes (epoch ms), so its failure can open that breaker again, and only that one.
 */
export function withProbe(request: SubmitJobInput, openedAt: number): SubmitJobInput {
  return { ...request, tags: { ...request.tags, [LINEAGE_TAG_KEYS.probe]: String(openedAt) } };
}
