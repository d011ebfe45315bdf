import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { type AwsClientOptions, adaptiveClientConfig } from '../client-config.js';

/**
 * The caller's IAM identity as STS GetCallerIdentity reports it (an ARN such as
 * `arn:aws:sts::123456789012:assumed-role/oncall/alice`): who an operator command records as having
 * done it. GetCallerIdentity needs no permission.
 */
export async function callerIdentity(options: AwsClientOptions = {}): Promise<string> {
  const client = new STSClient(adaptiveClientConfig(options));
  try {
    const { Arn } = await client.send(new GetCallerIdentityCommand({}));
    if (Arn === undefined) throw new Error('STS GetCallerIdentity returned no Arn');
    return Arn;
  } finally {
    client.destroy();
  }
}
