import type { FailureCause } from './causes.js';

/** A cause and the words that give it away in a container platform's error text. */
interface CausePattern {
  readonly cause: FailureCause;
  readonly regex: RegExp;
}

/**
 * What an image pull or task setup error says about its cause, tried in this order on the folded
 * text; the first hit wins. Sources (docs/classification.md has the full strings): the ECS guide's
 * "CannotPullContainer task errors" and "CannotCreateContainerError" pages, the ECS agent's issue
 * tracker (full-disk pulls), Docker Hub's and ECR's rate-limit texts, and ResourceInitializationError
 * texts quoted in public issues.
 *
 * The order matters: a full disk and throttling are told before anything else because their texts
 * can also mention a manifest; a permission problem before "not found", because Docker words a
 * refused pull of a private image as "repository does not exist or may require 'docker login'";
 * a network timeout before a secret, because "unable to retrieve secret from asm: ... context
 * deadline exceeded" is the network, while the same prefix with AccessDeniedException is the role.
 */
const MIDDLEWARE_CAUSES: readonly CausePattern[] = [
  {
    cause: 'host-disk-full',
    regex: /\bno space left on device\b|\bThin Pool has \d+ free data blocks\b/i,
  },
  {
    cause: 'registry-throttled',
    regex:
      /\btoomanyrequests\b|\btoo many requests\b|\bpull rate limit\b|\bstatus code 429\b|\bThrottlingException\b|\bRate exceeded\b/i,
  },
  {
    cause: 'registry-auth-denied',
    regex:
      /\bpull access denied\b|\bno basic auth credentials\b|\b401 Unauthorized\b|\b403 Forbidden\b|\bdenied: requested access to the resource is denied\b|\bnot authorized to perform: ecr:|\becr registry auth\b.*\b(AccessDenied\w*|not authorized)\b/i,
  },
  {
    cause: 'image-not-found',
    regex:
      /\bmanifest unknown\b|\bmanifest for \S+ not found\b|\brepository \S+ not found\b|\bfailed to resolve ref(erence)?\b.*\bnot found\b|\bname unknown\b|\bInvalidImageName\b|\binvalid reference format\b/i,
  },
  {
    cause: 'network-timeout',
    regex:
      /\bi\/o timeout\b|\bcontext deadline exceeded\b|\bcontext canceled\b|\brequest canceled\b|\bClient\.Timeout exceeded\b|\bTLS handshake timeout\b|\bconnection (reset by peer|refused|timed out)\b|\bno route to host\b|\bnetwork is unreachable\b|\bsend request failed\b/i,
  },
  {
    cause: 'registry-unavailable',
    regex:
      /\b(500 Internal Server Error|502 Bad Gateway|503 Service Unavailable|504 Gateway Time-?out)\b|\bstatus code (500|502|503|504)\b/i,
  },
  {
    cause: 'secret-retrieval',
    regex: /\bfrom (asm|ssm)\b|\bfailed to fetch secret\b|\bFetching secret data from\b/i,
  },
];

/**
 * The cause a container platform's error text gives away (see MIDDLEWARE_CAUSES), or undefined when
 * the words say nothing more than the error code: the matching rule's own cause applies then.
 * @param folded a reason folded by normaliseReason
 */
export function middlewareCause(folded: string): FailureCause | undefined {
  return MIDDLEWARE_CAUSES.find((c) => c.regex.test(folded))?.cause;
}
