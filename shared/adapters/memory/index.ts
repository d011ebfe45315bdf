/**
 * In-memory adapters of every port, with the same semantics as the AWS ones: the simulator, the
 * CLI and fast tests run the real core on them. Also the seeded random and the virtual clock.
 */
export { CollectingAlerts } from './collecting-alerts.js';
export { InMemoryAlertWindows } from './in-memory-alert-windows.js';
export { InMemoryBreaker } from './in-memory-breaker.js';
export { InMemoryLedger } from './in-memory-ledger.js';
export { InMemoryPolicySource } from './in-memory-policy-source.js';
export { InMemoryWaiters, RecordingTaskTokens } from './in-memory-waiters.js';
export { RecordingDelayQueue } from './recording-delay-queue.js';
export { RecordingLineageEvents } from './recording-lineage-events.js';
export { SeededRandom } from './seeded-random.js';
export { DEFAULT_SIMULATION_START, VirtualClock } from './virtual-clock.js';
