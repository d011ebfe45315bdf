import type { Command } from 'commander';
import { CliExit, type CliIo, EXIT_BAD_INPUT } from '../io.js';
import { loadPolicyFiles } from '../load-policies.js';
import {
  DEFAULT_MAX_LINEAGES,
  DEFAULT_REORDER_WINDOW,
  formatProgress,
  openReplayInputs,
  type ReplayProgress,
  renderReport,
  replayEvents,
} from '../replay/index.js';

/** Least time between two redraws of the progress line, in milliseconds. */
const REDRAW_MS = 100;
/** Carriage return, then erase to the end of the line. */
const CLEAR_LINE = '\r\u001b[K';

interface ReplayCommandOptions {
  readonly policy: string[];
  readonly json?: boolean;
  readonly reorderWindow: string;
  readonly maxLineages: string;
}

/**
 * `batch-retry replay <events file or folder...> --policy <file...> [--json]`: runs recorded
 * "Batch Job State Change" events (one event, a JSON array, JSON lines, a CloudWatch Logs export; a
 * folder means its *.json, *.jsonl, *.ndjson and *.log files, `-` is stdin) through classification
 * and decision with an in-memory ledger, in event-time order, and prints per failure class how many
 * events were retried, given up or ignored, and the alerts that would have been sent. Streams the
 * input; memory stays bounded by --reorder-window and --max-lineages. A progress line is drawn on
 * stderr when it is a terminal. Exits 0; 2 when an input or event could not be used (the report is
 * still printed); 1 when a policy is invalid.
 */
export function registerReplayCommand(program: Command, io: CliIo): void {
  program
    .command('replay')
    .description('replay recorded Batch job state change events under policies: what would have been retried')
    .argument(
      '<inputs...>',
      'event files or folders (JSON, JSON lines, CloudWatch Logs export); - reads stdin',
    )
    .requiredOption('--policy <file...>', 'policy files in force (as deployed to SSM)')
    .option('--json', 'print the report as one JSON object')
    .option(
      '--reorder-window <events>',
      'events held back to put them in time order',
      `${DEFAULT_REORDER_WINDOW}`,
    )
    .option(
      '--max-lineages <n>',
      'lineages kept in memory (least recently used forgotten)',
      `${DEFAULT_MAX_LINEAGES}`,
    )
    .action((inputs: string[], options: ReplayCommandOptions) => replay(inputs, options, io));
}

async function replay(inputs: readonly string[], options: ReplayCommandOptions, io: CliIo): Promise<void> {
  const reorderWindow = wholeNumber('--reorder-window', options.reorderWindow, 0, io);
  const maxLineages = wholeNumber('--max-lineages', options.maxLineages, 1, io);
  const policies = await loadPolicyFiles(options.policy, io, 'Nothing was replayed.');

  const opened = await openReplayInputs(inputs, io.stdin);
  const progress = io.stderr.isTTY === true ? progressLine(io, opened.totalBytes) : undefined;
  let report: Awaited<ReturnType<typeof replayEvents>>;
  try {
    report = await replayEvents(opened.results, {
      policies,
      reorderWindow,
      maxLineages,
      bytesRead: opened.bytesRead,
      ...(progress === undefined ? {} : { onProgress: progress.draw }),
    });
  } finally {
    progress?.clear();
  }

  io.stdout.write(options.json === true ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report));
  if (report.unparseable.count > 0) {
    io.stderr.write(
      `${report.unparseable.count} input(s) could not be used and were left out of the replay; ` +
        'the report lists the first ones with their problem.\n',
    );
    throw new CliExit(EXIT_BAD_INPUT);
  }
}

function wholeNumber(option: string, text: string, min: number, io: CliIo): number {
  const value = Number(text);
  if (/^\d+$/.test(text.trim()) && Number.isSafeInteger(value) && value >= min) return value;
  io.stderr.write(`${option} ${JSON.stringify(text)}: must be a whole number of at least ${min}\n`);
  throw new CliExit(EXIT_BAD_INPUT);
}

/** The progress line on stderr, redrawn at most every 100 ms and erased at the end. */
function progressLine(
  io: CliIo,
  totalBytes: number | undefined,
): { draw: (p: ReplayProgress) => void; clear: () => void } {
  const started = Date.now();
  let drawnAt = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    draw: (p) => {
      const now = Date.now();
      if (now - drawnAt < REDRAW_MS) return;
      drawnAt = now;
      drawn = true;
      const line = formatProgress({
        events: p.events,
        elapsedMs: now - started,
        ...(p.bytes === undefined ? {} : { bytes: p.bytes }),
        ...(totalBytes === undefined ? {} : { totalBytes }),
      });
      io.stderr.write(`${CLEAR_LINE}${line}`);
    },
    clear: () => {
      if (drawn) io.stderr.write(CLEAR_LINE);
    },
  };
}
