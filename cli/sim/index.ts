/**
 * The simulator behind `batch-retry simulate` and `compare`: a discrete-event world (virtual clock,
 * simulated AWS Batch, workloads and scenarios) that runs the real orchestrator core. CLI only; no
 * Lambda imports it.
 */
export { SimulationInputError } from './errors.js';
export { readJsonInput } from './json-input.js';
export type { RunMetrics } from './metrics.js';
export { runNative } from './native-run.js';
export { runPolicy } from './policy-run.js';
export { parseRetryStrategy } from './retry-strategy-input.js';
export type { ScenarioJob } from './scenario.js';
export { loadScenarioFile, type ScenarioFile } from './scenario-file.js';
export { runScenario, type ScenarioReport } from './scenario-run.js';
export type { TimelineEntry } from './scenario-timeline.js';
export { parseWorkload } from './workload.js';
