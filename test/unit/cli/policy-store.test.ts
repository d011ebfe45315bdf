import {
  GetParameterCommand,
  GetParametersByPathCommand,
  ParameterNotFound,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { run, tempFiles } from './policy-helpers.js';

const ssm = mockClient(SSMClient);
const policy = { schemaVersion: 1, name: 'spot', budgets: { total: 4 } };

afterEach(() => {
  ssm.reset();
});

describe('batch-retry policy push', () => {
  it('stores a valid policy as a Standard String parameter, overwriting, and prints the version', async () => {
    const { file } = await tempFiles({ file: policy });
    ssm.on(PutParameterCommand).resolves({ Version: 7 });

    const { code, stdout } = await run(['policy', 'push', file as string, '--region', 'eu-west-1']);

    expect(code).toBe(0);
    expect(stdout).toBe('pushed policy spot to /batch-retry/policies/spot version 7 (Standard tier)\n');
    expect(ssm).toHaveReceivedCommandWith(PutParameterCommand, {
      Name: '/batch-retry/policies/spot',
      Type: 'String',
      Overwrite: true,
      Value: JSON.stringify(policy),
    });
    expect(ssm.commandCalls(PutParameterCommand)[0]?.args[0].input.Tier).toBeUndefined();
  });

  it('uses the Advanced tier for a policy over 4 KB, under --name and --prefix', async () => {
    const { file } = await tempFiles({ file: { ...policy, description: 'x'.repeat(4090) } });
    ssm.on(PutParameterCommand).resolves({ Version: 1 });

    const { code, stdout } = await run([
      'policy',
      'push',
      file as string,
      '--name',
      'big',
      '--prefix',
      '/team/policies',
    ]);

    expect(code).toBe(0);
    expect(stdout).toContain('/team/policies/big version 1 (Advanced tier)');
    const input = ssm.commandCalls(PutParameterCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ Name: '/team/policies/big', Tier: 'Advanced' });
    expect(JSON.parse(input?.Value ?? '{}').name).toBe('big');
  });

  it('pushes nothing when the file is invalid', async () => {
    const { file } = await tempFiles({ file: { ...policy, budgets: { total: 0 } } });

    const { code, stderr } = await run(['policy', 'push', file as string]);

    expect(code).toBe(1);
    expect(stderr).toContain(`batch-retry policy push: ${file}: budgets.total: must be at least 1`);
    expect(ssm).not.toHaveReceivedCommand(PutParameterCommand);
  });

  it('exits 3 and says what AWS refused, and what usually fixes it', async () => {
    const { file } = await tempFiles({ file: policy });
    const denied = new Error('User is not authorized to perform: ssm:PutParameter');
    denied.name = 'AccessDeniedException';
    ssm.on(PutParameterCommand).rejects(denied);

    const { code, stderr } = await run(['policy', 'push', file as string]);

    expect(code).toBe(3);
    expect(stderr).toBe(
      'batch-retry policy push: SSM parameter /batch-retry/policies/spot: AccessDeniedException: User is not ' +
        'authorized to perform: ssm:PutParameter (check the credentials, the account and the IAM permissions)\n',
    );
  });
});

describe('batch-retry policy list', () => {
  it('lists each stored policy with its version and whether it is valid', async () => {
    ssm.on(GetParametersByPathCommand).resolves({
      Parameters: [
        { Name: '/batch-retry/policies/spot', Value: JSON.stringify(policy), Version: 3 },
        { Name: '/batch-retry/policies/broken', Value: '{', Version: 2 },
      ],
    });

    const { code, stdout } = await run(['policy', 'list']);

    expect(code).toBe(0);
    expect(stdout).toBe('broken  v2  INVALID (1 problem(s); run policy show broken)\nspot  v3  valid\n');
  });

  it('says so when no policy is stored', async () => {
    ssm.on(GetParametersByPathCommand).resolves({ Parameters: [] });

    expect((await run(['policy', 'list'])).stdout).toBe(
      'no policies under /batch-retry/policies/; every job is unmanaged\n',
    );
  });
});

describe('batch-retry policy show', () => {
  it('prints the stored document, with its parameter and version on stderr', async () => {
    ssm.on(GetParameterCommand).resolves({
      Parameter: { Name: '/batch-retry/policies/spot', Value: JSON.stringify(policy), Version: 3 },
    });

    const { code, stdout, stderr } = await run(['policy', 'show', 'spot']);

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(policy);
    expect(stderr).toBe('batch-retry policy show: /batch-retry/policies/spot version 3\n');
  });

  it('exits 2 when the policy does not exist, as for any name that names nothing', async () => {
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));

    const { code, stderr } = await run(['policy', 'show', 'nope']);

    expect(code).toBe(2);
    expect(stderr).toBe(
      'batch-retry policy show: nope: no such policy: parameter /batch-retry/policies/nope does not exist (check --prefix and --region)\n',
    );
  });
});

describe('batch-retry policy diff', () => {
  it('exits 0 when the file matches the stored version', async () => {
    const { file } = await tempFiles({ file: policy });
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: JSON.stringify(policy), Version: 3 } });

    const { code, stdout } = await run(['policy', 'diff', file as string]);

    expect(code).toBe(0);
    expect(stdout).toBe(`${file}: same as /batch-retry/policies/spot version 3\n`);
  });

  it('prints a readable line diff against the stored version and exits 1', async () => {
    const { file } = await tempFiles({ file: { ...policy, budgets: { total: 6 } } });
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: JSON.stringify(policy), Version: 3 } });

    const { code, stdout } = await run(['policy', 'diff', file as string]);

    expect(code).toBe(1);
    expect(stdout).toBe(
      [
        '--- /batch-retry/policies/spot version 3',
        `+++ ${file}`,
        '@@',
        '   "schemaVersion": 1,',
        '   "name": "spot",',
        '   "budgets": {',
        '-    "total": 4',
        '+    "total": 6',
        '   }',
        ' }',
        '',
      ].join('\n'),
    );
  });

  it('exits 2 with the reason on stderr when no policy of that name is stored', async () => {
    const { file } = await tempFiles({ file: policy });
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));

    const { code, stdout, stderr } = await run(['policy', 'diff', file as string]);

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `batch-retry policy diff: ${file}: cannot be compared: no policy spot is stored (parameter ` +
        '/batch-retry/policies/spot does not exist); check --name, --prefix and --region, or store it with ' +
        `\`batch-retry policy push ${file}\`\n`,
    );
  });

  it('exits 3, not 1, when SSM cannot be reached', async () => {
    const { file } = await tempFiles({ file: policy });
    const unreachable = Object.assign(new Error('getaddrinfo ENOTFOUND ssm.eu-west-1.amazonaws.com'), {
      code: 'ENOTFOUND',
    });
    ssm.on(GetParameterCommand).rejects(unreachable);

    const { code, stdout, stderr } = await run(['policy', 'diff', file as string]);

    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'batch-retry policy diff: SSM parameter /batch-retry/policies/spot: cannot reach AWS (ENOTFOUND); check the ' +
        'network, --region and --endpoint-url\n',
    );
  });

  it('exits 3 when SSM refuses the read', async () => {
    const { file } = await tempFiles({ file: policy });
    const denied = new Error('User is not authorized to perform: ssm:GetParameter');
    denied.name = 'AccessDeniedException';
    ssm.on(GetParameterCommand).rejects(denied);

    const { code, stderr } = await run(['policy', 'diff', file as string]);

    expect(code).toBe(3);
    expect(stderr).toContain('AccessDeniedException: User is not authorized to perform: ssm:GetParameter');
  });

  it('exits 2 without asking SSM when the file is invalid or unreadable', async () => {
    const { file } = await tempFiles({ file: { ...policy, budgets: { total: 0 } } });

    const invalid = await run(['policy', 'diff', file as string]);
    const missing = await run(['policy', 'diff', '/nonexistent/policy.json']);

    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain(`${file}: budgets.total: must be at least 1`);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      'batch-retry policy diff: /nonexistent/policy.json: file not found; check the path\n',
    );
    expect(ssm).not.toHaveReceivedCommand(GetParameterCommand);
  });

  it('says how it exits in its --help', async () => {
    const { stdout } = await run(['policy', 'diff', '--help']);

    expect(stdout.replace(/\s+/g, ' ')).toContain(
      '0 when they are the same, 1 when they differ, 2 when they could not be compared',
    );
  });
});
