/**
 * The CDK construct that deploys batch-retry-orchestrator into your own CDK app
 * (docs/deploy.md, "In your own CDK app").
 */
export { BatchRetryOrchestrator, WATCHED_STATUSES } from './batch-retry-orchestrator.js';
export { type BatchRetryOrchestratorProps, InvalidPropError } from './props.js';
