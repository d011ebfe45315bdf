import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SSMClient } from '@aws-sdk/client-ssm';

// The notify function's SDK client and Powertools utilities alone, created as it creates them:
// the floor its cold import is compared with (npm run bench, figure function-bundles).
const logger = new Logger({ serviceName: 'x' });
const metrics = new Metrics({ namespace: 'x' });
const provider = new SSMProvider({ awsSdkV3Client: new SSMClient({}) });
export const handler = async () => [logger, metrics, provider];
