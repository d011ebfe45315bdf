import { Option } from 'commander';
import { readAwsProfiles } from './aws-profiles.js';
import { awsFailure, CliError, unusableInput } from './errors.js';

/** The AWS options of a command that talks to AWS, as commander parses them. */
export interface AwsOptionValues {
  readonly region?: string;
  readonly profile?: string;
  readonly endpointUrl?: string;
}

/** Where and as whom a command's AWS clients talk: always a region, a profile when one is named. */
export interface AwsSettings {
  readonly region: string;
  readonly profile?: string;
  readonly endpoint?: string;
}

/** `--region`, `--profile` and `--endpoint-url`, resolved as the AWS CLI does (see {@link resolveAws}). */
export function awsOptions(service: string): Option[] {
  return [
    new Option('--region <region>', 'AWS region').default(
      undefined,
      "$AWS_REGION, $AWS_DEFAULT_REGION or the profile's region",
    ),
    new Option('--profile <name>', 'AWS profile for credentials and region').default(
      undefined,
      '$AWS_PROFILE, else the default credential chain',
    ),
    new Option('--endpoint-url <url>', `endpoint of ${service}, e.g. LocalStack or a VPC endpoint`).default(
      undefined,
      `the regional ${service} endpoint`,
    ),
  ];
}

/**
 * Resolves the AWS options as the AWS CLI does: the profile is `--profile`, else `AWS_PROFILE`; the
 * region is `--region`, else `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the profile's `region`
 * (the `default` profile's when none is named). A named profile that is in neither shared file, or no
 * region anywhere, is an unusable input (exit 2) that says so, before any AWS call.
 */
export async function resolveAws(
  options: AwsOptionValues,
  env: NodeJS.ProcessEnv = process.env,
): Promise<AwsSettings> {
  const named = firstSet(options.profile, env.AWS_PROFILE);
  const given = options.profile === undefined ? `AWS_PROFILE=${named}` : `--profile ${named}`;
  const profiles = await readAwsProfiles(env);
  if (named !== undefined && !profiles.regions.has(named)) {
    throw unusableInput(
      given,
      `profile ${named} not found in ${profiles.files.join(' or ')}; ` +
        '`aws configure list-profiles` lists the profiles there are',
    );
  }
  const region = firstSet(
    options.region,
    env.AWS_REGION,
    env.AWS_DEFAULT_REGION,
    profiles.regions.get(named ?? 'default'),
  );
  if (region === undefined) {
    throw unusableInput(
      '--region',
      'no AWS region is set: give --region, or set AWS_REGION or AWS_DEFAULT_REGION' +
        (named === undefined ? '' : `, or add a region to profile ${named}`),
    );
  }
  return {
    region,
    ...(named === undefined ? {} : { profile: named }),
    ...(options.endpointUrl === undefined ? {} : { endpoint: options.endpointUrl }),
  };
}

/** The first value that is set and not empty, as the AWS CLI reads its settings. */
function firstSet(...values: (string | undefined)[]): string | undefined {
  return values.find((value) => value !== undefined && value !== '');
}

const NETWORK_CODES = new Set(['ENOTFOUND', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN']);

/** One line saying why an AWS call failed, and what usually fixes it. */
function describeAwsError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  const said = `${error.name}: ${error.message}`;
  if (error.name === 'CredentialsProviderError') {
    return 'no AWS credentials found; give --profile, set AWS_PROFILE or the AWS_ACCESS_KEY_ID variables, or run `aws sso login`';
  }
  if (/Expired/.test(error.name)) return `${said} (the session expired; run \`aws sso login\` or renew it)`;
  if (/AccessDenied|UnrecognizedClient|InvalidSignature|InvalidClientTokenId/.test(error.name)) {
    return `${said} (check the credentials, the account and the IAM permissions)`;
  }
  if (code !== undefined && NETWORK_CODES.has(code)) {
    return `cannot reach AWS (${code}); check the network, --region and --endpoint-url`;
  }
  if (/Throttl|TooManyRequests/.test(error.name)) return `${said} (AWS is throttling; try again shortly)`;
  return said;
}

/**
 * Runs one AWS call; a failure ends the command with exit 3 (EXIT_AWS) and one line:
 * `<what>: <why>`, where `what` names the call and its resource (`SSM parameter /batch-retry/x`).
 */
export async function awsCall<T>(what: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw awsFailure(what, describeAwsError(error));
  }
}
