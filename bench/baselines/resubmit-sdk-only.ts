import { BatchProcessor, EventType } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { BatchClient } from '@aws-sdk/client-batch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

// The resubmit function's SDK clients and Powertools utilities alone, created as it creates them:
// the floor its cold import is compared with (npm run bench, figure function-bundles).
const logger = new Logger({ serviceName: 'x' });
const metrics = new Metrics({ namespace: 'x' });
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const batch = new BatchClient({});
const sqs = new SQSClient({});
const sns = new SNSClient({});
const sfn = new SFNClient({});
const events = new EventBridgeClient({});
const processor = new BatchProcessor(EventType.SQS);
export const handler = async () => [logger, metrics, doc, batch, sqs, sns, sfn, events, processor];
