import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { type AwsClientOptions, adaptiveClientConfig } from '../client-config.js';

/** An EventBridge client in adaptive retry mode. */
export function createEventBridgeClient(options: AwsClientOptions = {}): EventBridgeClient {
  return new EventBridgeClient(adaptiveClientConfig(options));
}
