import { matchReasonPatterns, type ReasonPattern, reasonPatterns } from '../reason-patterns.js';
import type { Rule } from '../rule.js';

const PATTERNS = reasonPatterns([
  // Kubernetes graceful node shutdown (Spot reclaim or scale-in of the node under the pod).
  {
    label: 'Pod was terminated in response to imminent node shutdown*',
    regex: /\bterminated in response to imminent node shutdown\b/i,
  },
  { label: 'NodeShutdown', regex: /^(NodeShutdown|Shutdown|NodeLost)\b/i },
  { label: '*node is shutting down*', regex: /\bnode (is )?shutting down\b/i },
  // Older kubelets: reason `Shutdown`, message "Node is shutting, evicting pods".
  { label: 'Node is shutting, evicting pods*', regex: /^Node is shutting, evicting pods\b/i },
  // The kubelet lost the container when the node went away.
  { label: 'ContainerStatusUnknown*', regex: /^ContainerStatusUnknown\b/i },
  // Evictions for node pressure other than the pod's own memory (see out-of-memory).
  { label: '*The node had condition*', regex: /\bThe node had condition\b/i },
  // Node-pressure evictions for other resources (pids, inodes...); memory and ephemeral storage are
  // the pod's own use and come out resource (out-of-memory runs first).
  { label: '*The node was low on resource*', regex: /\bThe node was low on resource\b/i },
  { label: 'Evicted*', regex: /^Evicted\b/i },
  // The Kubernetes reason alone: an operator's "Preempted by the release pipeline" is a cancel.
  { label: 'Preempted', regex: /^Preempt(ed|ing|ion)\.?$/i },
  { label: 'UnexpectedAdmissionError*', regex: /^UnexpectedAdmissionError\b/i },
]);

/**
 * The pod reason newer kubelets write on a graceful node shutdown (message "Pod was terminated in
 * response to imminent node shutdown."). Read only on EKS jobs: on ECS a bare "Terminated" says
 * nothing about a node.
 */
const EKS_POD_TERMINATED: ReasonPattern = { label: 'Terminated', regex: /^Terminated\.?$/i };
const ON_EKS = reasonPatterns([...PATTERNS.list, EKS_POD_TERMINATED]);

/** `infrastructure`: on Batch on EKS, the node under the pod shut down, was lost or evicted the pod. */
export const nodeShutdown: Rule = {
  id: 'node-shutdown',
  description: 'The Kubernetes node under the pod shut down, was lost or evicted the pod: infrastructure.',
  patterns: PATTERNS.list,
  evaluate: (input) =>
    matchReasonPatterns(input, input.job.platform === 'EKS' ? ON_EKS : PATTERNS, {
      class: 'infrastructure',
      cause: 'host-lost',
    }),
};
