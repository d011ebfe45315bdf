import { GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { run, tempFiles } from './policy-helpers.js';

const ssm = mockClient(SSMClient);

/** The region the SSM client of the first call was configured with. */
async function regionOfFirstCall(): Promise<string> {
  const client = ssm.commandCalls(GetParametersByPathCommand)[0]?.thisValue as SSMClient;
  return client.config.region();
}

beforeEach(async () => {
  const { config, credentials } = await tempFiles({
    config:
      '[default]\nregion = ap-south-1\n\n[profile ops]\nregion = eu-central-1\n[profile noregion]\noutput = json\n',
    credentials:
      '[ops]\naws_access_key_id = x\naws_secret_access_key = y\n[keys-only]\naws_access_key_id = x\n',
  });
  vi.stubEnv('AWS_CONFIG_FILE', config);
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', credentials);
  vi.stubEnv('AWS_REGION', undefined);
  vi.stubEnv('AWS_DEFAULT_REGION', undefined);
  vi.stubEnv('AWS_PROFILE', undefined);
  ssm.on(GetParametersByPathCommand).resolves({ Parameters: [] });
});

afterEach(() => {
  vi.unstubAllEnvs();
  ssm.reset();
});

describe('the AWS options of batch-retry, as the AWS CLI resolves them', () => {
  it('uses AWS_DEFAULT_REGION when AWS_REGION is not set, or set but empty', async () => {
    vi.stubEnv('AWS_REGION', '');
    vi.stubEnv('AWS_DEFAULT_REGION', 'eu-west-1');

    const { code } = await run(['policy', 'list']);

    expect(code).toBe(0);
    expect(await regionOfFirstCall()).toBe('eu-west-1');
  });

  it('prefers --region, then AWS_REGION, over AWS_DEFAULT_REGION', async () => {
    vi.stubEnv('AWS_REGION', 'us-west-2');
    vi.stubEnv('AWS_DEFAULT_REGION', 'eu-west-1');

    await run(['policy', 'list']);
    const fromEnv = await regionOfFirstCall();
    ssm.resetHistory();
    await run(['policy', 'list', '--region', 'sa-east-1']);

    expect(fromEnv).toBe('us-west-2');
    expect(await regionOfFirstCall()).toBe('sa-east-1');
  });

  it("uses the named profile's region, and the default profile's when none is named", async () => {
    await run(['policy', 'list', '--profile', 'ops']);
    const named = await regionOfFirstCall();
    ssm.resetHistory();
    await run(['policy', 'list']);

    expect(named).toBe('eu-central-1');
    expect(await regionOfFirstCall()).toBe('ap-south-1');
  });

  it('says "profile nope not found" for an unknown profile, from --profile or AWS_PROFILE, and calls nothing', async () => {
    const given = await run(['policy', 'list', '--profile', 'nope']);
    vi.stubEnv('AWS_PROFILE', 'nope');
    const fromEnv = await run(['policy', 'list']);

    expect(given.code).toBe(2);
    expect(given.stderr).toMatch(
      /^batch-retry policy list: --profile nope: profile nope not found in .*config or .*credentials; `aws configure list-profiles` lists the profiles there are\n$/,
    );
    expect(fromEnv.stderr).toMatch(/^batch-retry policy list: AWS_PROFILE=nope: profile nope not found/);
    expect(ssm).not.toHaveReceivedCommand(GetParametersByPathCommand);
  });

  it('knows a profile that is only in the credentials file, and says when no region is set anywhere', async () => {
    const { code, stderr } = await run(['policy', 'list', '--profile', 'keys-only']);

    expect(code).toBe(2);
    expect(stderr).toBe(
      'batch-retry policy list: --region: no AWS region is set: give --region, or set AWS_REGION or ' +
        'AWS_DEFAULT_REGION, or add a region to profile keys-only\n',
    );
  });
});
