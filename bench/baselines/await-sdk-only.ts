import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { BatchClient } from '@aws-sdk/client-batch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

// The await function's SDK clients and Powertools utilities alone, created as it creates them:
// the floor its cold import is compared with (npm run bench, figure function-bundles).
const logger = new Logger({ serviceName: 'x' });
const metrics = new Metrics({ namespace: 'x' });
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const batch = new BatchClient({});
const sfn = new SFNClient({});
const provider = new SSMProvider({ awsSdkV3Client: new SSMClient({}) });
export const handler = async () => [logger, metrics, doc, batch, sfn, provider];
