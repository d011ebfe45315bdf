/** EventBridge adapter of the LineageEventPort (lineage events on a bus) and its client. */
export { createEventBridgeClient } from './client.js';
export { createEventBridgeLineageEvents } from './lineage-events.js';
