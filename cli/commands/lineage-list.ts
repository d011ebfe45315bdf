import type { Command } from 'commander';
import type { FailureClass } from '#core/classify/index.js';
import type { LineageStatus } from '#core/lineage/index.js';
import type { LineageSummary } from '#core/ports/index.js';
import {
  type AwsOptionValues,
  awsOptions,
  type CliIo,
  type CommandContext,
  commandAction,
  durationOption,
  type OutputOptionValues,
  outputFormat,
  outputOptions,
  unusableInput,
  wholeNumberOption,
} from '../kit/index.js';
import { columnWidths, formatRow } from '../table.js';
import { openLedger, operatorStep, tableOption } from './ledger-access.js';
import { classOption, statusOption } from './operator-options.js';

/** `--since` when not given, in ms. */
const DEFAULT_SINCE_MS = 86_400_000;
/** `--limit` when not given. */
const DEFAULT_LIMIT = 50;

interface ListOptions extends AwsOptionValues, OutputOptionValues {
  readonly table?: string;
  readonly status?: LineageStatus;
  readonly since?: number;
  readonly queue?: string;
  readonly class?: FailureClass;
  readonly limit: number;
  readonly nextToken?: string;
}

/**
 * `batch-retry lineage list`: the lineages opened recently, newest first, from the ledger's
 * `lineages-by-day` index, filtered by status, queue and class, a page at a time (`--limit`,
 * `--next-token`).
 */
export function registerLineageListCommand(parent: Command, io: CliIo): void {
  const command = parent
    .command('list')
    .description('the lineages opened recently, newest first: status, attempts, queue, job')
    .addOption(statusOption('only lineages in this status: OPEN, RECOVERED, GAVE_UP or CANCELLED'))
    .addOption(
      durationOption('--since <duration>', 'lineages opened this long ago or less (30m, 24h, 7d)', '24h'),
    )
    .option('--queue <name>', 'only lineages whose first failure was on this job queue (name or ARN)')
    .addOption(classOption('only lineages with a failure of this class'))
    .addOption(wholeNumberOption('--limit <n>', 'lineages per page', 1, DEFAULT_LIMIT))
    .option('--next-token <token>', 'the page after the one that printed this token')
    .addOption(tableOption());
  for (const option of [...awsOptions('DynamoDB'), ...outputOptions('{"lineages": [...], "nextToken"}')]) {
    command.addOption(option);
  }
  command.action(commandAction(io, list));
}

function utc(epochMs: number | undefined): string {
  return epochMs === undefined ? '-' : new Date(epochMs).toISOString().replace(/:\d{2}\.\d{3}Z$/, 'Z');
}

async function list(context: CommandContext, options: ListOptions): Promise<void> {
  const access = await openLedger(options);
  try {
    const now = Date.now();
    const page = await operatorStep('--next-token', `DynamoDB table ${access.table}`, async () => {
      try {
        return await access.operator.listLineages({
          since: now - (options.since ?? DEFAULT_SINCE_MS),
          now,
          limit: options.limit,
          ...(options.status === undefined ? {} : { status: options.status }),
          ...(options.queue === undefined ? {} : { jobQueue: options.queue }),
          ...(options.class === undefined ? {} : { failureClass: options.class }),
          ...(options.nextToken === undefined ? {} : { cursor: options.nextToken }),
        });
      } catch (error) {
        if (options.nextToken !== undefined && error instanceof Error && !error.name.startsWith('Ledger')) {
          throw unusableInput(`--next-token ${JSON.stringify(options.nextToken)}`, error.message);
        }
        throw error;
      }
    });
    if (outputFormat(options) === 'json') {
      await context.out.write(
        `${JSON.stringify({ lineages: page.lineages, ...(page.cursor === undefined ? {} : { nextToken: page.cursor }) }, null, 2)}\n`,
      );
      return;
    }
    await context.out.write(table(page.lineages));
    if (page.cursor !== undefined) context.report.say(`more lineages: add --next-token ${page.cursor}`);
  } finally {
    access.close();
  }
}

/** The lineages as a text table, or a sentence when there are none. */
function table(lineages: readonly LineageSummary[]): string {
  if (lineages.length === 0) return 'No lineage matches.\n';
  const rows = [
    ['OPENED (UTC)', 'STATUS', 'ATTEMPTS', 'QUEUE', 'JOB NAME', 'ROOT JOB ID', 'CLOSED (UTC)'],
    ...lineages.map((l) => [
      utc(l.openedAt),
      l.status,
      String(l.totalAttempts),
      l.jobQueue ?? '-',
      l.rootJobName,
      l.rootJobId,
      utc(l.closedAt),
    ]),
  ];
  const widths = columnWidths(rows);
  return `${rows.map((row) => formatRow(row, widths, { align: ['left', 'left', 'right'] })).join('\n')}\n`;
}
