import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFn } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { FunctionFactory } from './function-factory.js';
import {
  grantAnswerTasks,
  grantDescribeJobs,
  grantLedger,
  grantPutEvents,
  grantReadPolicies,
} from './grants.js';
import type { ResolvedProps } from './props.js';

/** The await function's timeout: one ledger write and, at most, one DescribeJobs and one answer. */
export const AWAIT_TIMEOUT = Duration.seconds(20);

/** The ARN of the lineage event bus: `lineageEventBus` as given when it is an ARN, else this account's bus of that name. */
export function eventBusArn(scope: Construct, bus: string): string {
  if (bus.startsWith('arn:')) return bus;
  return Stack.of(scope).formatArn({
    service: 'events',
    resource: 'event-bus',
    resourceName: bus,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

/** What decide and resubmit read to publish lineage events: `LINEAGE_EVENT_BUS` when a bus is set. */
export function lineageEventsEnvironment(settings: ResolvedProps): Record<string, string> {
  return settings.lineageEventBus === undefined ? {} : { LINEAGE_EVENT_BUS: settings.lineageEventBus };
}

/**
 * What decide and resubmit need for workflow engines (docs/workflows.md): answering the Step
 * Functions tasks that wait on a lineage, and PutEvents on the lineage event bus when one is set.
 */
export function grantWorkflow(grantee: IGrantable, scope: Construct, settings: ResolvedProps): void {
  grantAnswerTasks(grantee);
  if (settings.lineageEventBus !== undefined) {
    grantPutEvents(grantee, eventBusArn(scope, settings.lineageEventBus));
  }
}

/**
 * The await function, which a state machine calls with `lambda:invoke.waitForTaskToken`: it keeps
 * the task token with the job's lineage, or answers at once when the lineage has already ended.
 * Reads the ledger, one job (DescribeJobs) and the policies; answers tasks.
 */
export function createAwaitFunction(
  scope: Construct,
  factory: FunctionFactory,
  resources: { readonly ledger: Table; readonly key: IKey; readonly settings: ResolvedProps },
): LambdaFn {
  const { ledger, key, settings } = resources;
  const fn = factory.create({
    name: 'await',
    description: 'batch-retry: a Step Functions task waits here for the lineage of a Batch job to end',
    timeout: AWAIT_TIMEOUT,
    environment: { LEDGER_TABLE: ledger.tableName, POLICY_PREFIX: settings.policyPrefix },
  });
  grantLedger(fn, ledger, key, { waiters: true });
  grantDescribeJobs(fn);
  grantReadPolicies(fn, scope, settings.policyPrefix);
  grantAnswerTasks(fn);
  return fn;
}
