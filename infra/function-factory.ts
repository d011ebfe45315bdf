import { AssetHashType, type Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { buildSync } from 'esbuild';
import { BUNDLE_FILE, copyPackagesBeside, functionBuildOptions, PROJECT_ROOT } from './function-bundle.js';

/** The runtime of every function: the smoke test runs the bundles under this Node.js major version. */
export const FUNCTION_RUNTIME = Runtime.NODEJS_22_X;
/** Every function runs on Graviton (cheaper per GB-second than x86_64; the bundles are pure JavaScript). */
export const FUNCTION_ARCHITECTURE = Architecture.ARM_64;

/** What differs between the functions; everything else is the factory's. */
export interface FunctionSpec {
  /** The folder under `functions/`: `decide`, `resubmit`, `reconcile`, `notify`. */
  readonly name: string;
  readonly description: string;
  readonly timeout: Duration;
  /** @default 256 */
  readonly memorySize?: number;
  /** The variables of `functions/common/function-env.ts` the function reads. */
  readonly environment: Readonly<Record<string, string>>;
  /** @default none (the account's unreserved pool) */
  readonly reservedConcurrentExecutions?: number;
  /** Where failed asynchronous invocations go, after `retryAttempts` more tries. @default none */
  readonly deadLetterQueue?: IQueue;
  /** Retries of a failed asynchronous invocation (0 to 2). @default 2, Lambda's own */
  readonly retryAttempts?: number;
}

/**
 * Builds esbuild's bundle on this machine with {@link functionBuildOptions} (never Docker), and
 * copies beside it the packages it requires at run time ({@link copyPackagesBeside}); a build error
 * fails the synth. Its fields are part of CDK's asset cache key, so each function gets its own.
 */
class EsbuildBundling {
  constructor(readonly functionName: string) {}

  tryBundle(outputDir: string): boolean {
    const { metafile } = buildSync(functionBuildOptions(this.functionName, outputDir));
    copyPackagesBeside(metafile, outputDir);
    return true;
  }
}

/**
 * The one place a function is made: Node.js 22 on ARM64, the esbuild bundle of
 * `functions/<name>/handler.ts` (source maps on), its own IAM role (no managed policies; grants are
 * added by the caller, resource by resource) and its own log group with the stack's retention.
 */
export class FunctionFactory extends Construct {
  readonly #logRetention: RetentionDays;
  readonly #removalPolicy: RemovalPolicy;
  readonly #sourceMaps: boolean;

  constructor(
    scope: Construct,
    id: string,
    props: { logRetention: RetentionDays; removalPolicy: RemovalPolicy; sourceMaps: boolean },
  ) {
    super(scope, id);
    this.#logRetention = props.logRetention;
    this.#removalPolicy = props.removalPolicy;
    this.#sourceMaps = props.sourceMaps;
  }

  /** Creates the function `spec.name`, with its role and log group. */
  create(spec: FunctionSpec): LambdaFunction {
    const scope = new Construct(this, spec.name);
    const role = new Role(scope, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `batch-retry ${spec.name} function`,
    });
    const logGroup = new LogGroup(scope, 'Logs', {
      retention: this.#logRetention,
      removalPolicy: this.#removalPolicy,
    });
    logGroup.grantWrite(role);
    return new LambdaFunction(scope, 'Function', {
      description: spec.description,
      runtime: FUNCTION_RUNTIME,
      architecture: FUNCTION_ARCHITECTURE,
      handler: `${BUNDLE_FILE.replace(/\.mjs$/, '')}.handler`,
      code: Code.fromAsset(PROJECT_ROOT, {
        assetHashType: AssetHashType.OUTPUT,
        bundling: { image: FUNCTION_RUNTIME.bundlingImage, local: new EsbuildBundling(spec.name) },
      }),
      role,
      logGroup,
      timeout: spec.timeout,
      memorySize: spec.memorySize ?? 256,
      environment: {
        ...(this.#sourceMaps ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...spec.environment,
      },
      ...(spec.reservedConcurrentExecutions === undefined
        ? {}
        : { reservedConcurrentExecutions: spec.reservedConcurrentExecutions }),
      ...(spec.deadLetterQueue === undefined ? {} : { deadLetterQueue: spec.deadLetterQueue }),
      ...(spec.retryAttempts === undefined ? {} : { retryAttempts: spec.retryAttempts }),
    });
  }
}
