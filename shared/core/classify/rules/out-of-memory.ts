import { matchReasonPatterns, reasonPatterns } from '../reason-patterns.js';
import type { Rule } from '../rule.js';

const PATTERNS = reasonPatterns([
  // ECS: "OutOfMemoryError: Container killed due to memory usage" (AWS capitalises "container" either way).
  // The code starts the reason; further in, only AWS's sentence below counts, so that an operator's
  // "killing it: memory leak, OutOfMemoryError expected" stays a cancel (aws-written-reason.ts).
  { label: 'OutOfMemoryError*', regex: /^OutOfMemoryError\b/i },
  // Kubernetes container termination reason on Batch on EKS.
  { label: 'OOMKilled', regex: /\bOOM ?Killed\b/i },
  // runc: "container init was OOM-killed (memory limit too low?)", inside CannotStartContainerError.
  { label: '*OOM-killed*', regex: /\bOOM[- ]kill(ed)?\b/i },
  { label: '*container killed due to memory usage*', regex: /\bkilled due to memory usage\b/i },
  { label: '*out of memory*', regex: /\bout of memory\b/i },
  // Kubernetes evictions for the pod's own resource use: the kubelet evicts the pod using the most
  // memory or ephemeral storage over its request ("The node was low on resource: ephemeral-storage.").
  { label: '*The node was low on resource: memory*', regex: /\blow on resource: memory\b/i },
  {
    label: '*The node was low on resource: ephemeral-storage*',
    regex: /\blow on resource: ephemeral-storage\b/i,
    cause: 'storage-exhausted',
  },
  {
    label: '*ephemeral local storage usage exceeds*',
    regex: /\bephemeral (local )?storage (usage )?exceeds\b|\bexceeded its local ephemeral storage limit\b/i,
    cause: 'storage-exhausted',
  },
]);

/** `resource`: the container was killed for a memory (or ephemeral storage) limit. */
export const outOfMemory: Rule = {
  id: 'out-of-memory',
  description: 'The container was killed for exceeding its memory or storage limit: resource.',
  patterns: PATTERNS.list,
  evaluate: (input) => matchReasonPatterns(input, PATTERNS, { class: 'resource', cause: 'out-of-memory' }),
};
