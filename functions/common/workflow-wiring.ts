import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createEventBridgeClient, createEventBridgeLineageEvents } from '#adapters/aws/eventbridge/index.js';
import type { LineageEventPort } from '#core/ports/index.js';
import type { WaiterDeps } from '#core/workflow/index.js';
import { wireWaiters } from './waiters-wiring.js';

/**
 * The workflow side of the decide and resubmit functions: waiting Step Functions tasks and, when
 * `LINEAGE_EVENT_BUS` names a bus, lineage events on it. Creating the clients makes no request; they
 * are used only when a lineage of a tagged job ends, or an event is published.
 */
export function wireWorkflow(args: {
  readonly dynamoDb: DynamoDBClient;
  readonly tableName: string;
  readonly ttlDays: number;
  readonly eventBus: string | undefined;
}): { readonly waiters: WaiterDeps; readonly events?: LineageEventPort } {
  const waiters = wireWaiters(args);
  if (args.eventBus === undefined) return { waiters };
  return { waiters, events: createEventBridgeLineageEvents(createEventBridgeClient(), args.eventBus) };
}
