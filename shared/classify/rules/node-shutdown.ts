import { matchReasonPatterns, type ReasonPattern } from '../reason-patterns.js';
import type { Rule } from '../rule.js';

const PATTERNS: readonly ReasonPattern[] = [
  // Kubernetes graceful node shutdown (Spot reclaim or scale-in of the node under the pod).
  {
    label: 'Pod was terminated in response to imminent node shutdown*',
    regex: /\bterminated in response to imminent node shutdown\b/i,
  },
  { label: 'NodeShutdown', regex: /^(NodeShutdown|Shutdown|NodeLost)\b/i },
  { label: '*node is shutting down*', regex: /\bnode (is )?shutting down\b/i },
  // The kubelet lost the container when the node went away.
  { label: 'ContainerStatusUnknown*', regex: /^ContainerStatusUnknown\b/i },
  // Evictions for node pressure other than the pod's own memory (see out-of-memory).
  { label: '*The node had condition*', regex: /\bThe node had condition\b/i },
  { label: 'Evicted*', regex: /^Evicted\b/i },
  { label: '*Preempted*', regex: /^Preempt(ed|ing|ion)\b/i },
  { label: 'UnexpectedAdmissionError*', regex: /^UnexpectedAdmissionError\b/i },
];

/** `infrastructure`: on Batch on EKS, the node under the pod shut down, was lost or evicted the pod. */
export const nodeShutdown: Rule = {
  id: 'node-shutdown',
  description: 'The Kubernetes node under the pod shut down, was lost or evicted the pod: infrastructure.',
  evaluate: (input) => matchReasonPatterns(input, PATTERNS, 'infrastructure'),
};
