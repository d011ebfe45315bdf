/**
 * The decision path and the in-memory ports, as one entry for esbuild (bundles.ts): figure 1
 * measures this bundle, minified as Lambda's bundles are, not the TypeScript sources through the
 * bench's loader (which wraps named functions to keep their names, a cost Lambda's code does not pay).
 */
export {
  CollectingAlerts,
  InMemoryBreaker,
  InMemoryLedger,
  RecordingDelayQueue,
  SeededRandom,
} from '#adapters/memory/index.js';
export { policySourceFromFiles } from '#cli/policy-files.js';
export { classifyJob } from '#core/classify/index.js';
export { decide } from '#core/decide/index.js';
export { parseEventJson } from '#core/events/index.js';
export { handleJobEvents } from '#core/orchestrator/index.js';
export { selectPolicy } from '#core/policy/index.js';
export { silentLog } from '#core/ports/index.js';
