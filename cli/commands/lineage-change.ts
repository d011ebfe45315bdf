import type { Command } from 'commander';
import { awsOptions, type CommandContext, confirmChange, outputOptions, yesOption } from '../kit/index.js';
import { type LedgerAccess, operatorStep, tableOption } from './ledger-access.js';
import { reasonOption } from './operator-options.js';

/** The options of a command that changes a lineage: --reason, --yes, --table, the AWS options, --output. */
export function addLineageChangeOptions(command: Command, json: string): void {
  command.addOption(reasonOption()).addOption(yesOption()).addOption(tableOption());
  for (const option of [...awsOptions('DynamoDB'), ...outputOptions(json)]) command.addOption(option);
}

/**
 * The steps of `retry` and `cancel-retry`: work out the plan, say it and ask (or `--yes`), carry it
 * out. A refusal is about `job <jobId>` (exit 2), an AWS failure about the table (exit 3).
 */
export async function planAskCarryOut<P, R>(
  context: CommandContext,
  access: LedgerAccess,
  args: { readonly jobId: string; readonly yes: boolean | undefined },
  steps: {
    readonly plan: () => Promise<P>;
    readonly describe: (plan: P) => string;
    readonly carryOut: (plan: P) => Promise<R>;
  },
): Promise<R> {
  const step = <T>(run: () => Promise<T>) =>
    operatorStep(`job ${args.jobId}`, `DynamoDB table ${access.table}`, run);
  const plan = await step(steps.plan);
  await confirmChange(context, steps.describe(plan), args.yes);
  return step(() => steps.carryOut(plan));
}
