import type { Command } from 'commander';
import { openEventInputs } from '../inputs/index.js';
import {
  CliExit,
  type CliIo,
  type CommandContext,
  commandAction,
  EXIT_BAD_INPUT,
  EXIT_INTERRUPTED,
  type OutputOptionValues,
  outputFormat,
  outputOptions,
  policyOption,
  wholeNumberOption,
} from '../kit/index.js';
import { loadPolicyFiles } from '../load-policies.js';
import {
  DEFAULT_MAX_LINEAGES,
  DEFAULT_REORDER_WINDOW,
  formatProgress,
  type ReplayProgress,
  renderReport,
  replayEvents,
} from '../replay/index.js';

/** Least time between two redraws of the progress line, in milliseconds. */
const REDRAW_MS = 100;
/** Carriage return, then erase to the end of the line. */
const CLEAR_LINE = '\r\u001b[K';

interface ReplayCommandOptions extends OutputOptionValues {
  readonly policy: string[];
  readonly reorderWindow: number;
  readonly maxLineages: number;
}

/**
 * `batch-retry replay <inputs...> --policy <file>...`: runs recorded "Batch Job State Change" events
 * (see docs/cli.md for the inputs) through classification and decision with an in-memory ledger, in
 * event-time order, and prints per failure class how many events were retried, given up or ignored,
 * why (by reason), and the alerts that would have been sent. Streams the input; memory stays bounded
 * by --reorder-window and --max-lineages. A progress line is drawn on stderr when it is a terminal;
 * Ctrl-C stops reading and prints the report of what was read (exit 130). Exits 0; 2 when an input or
 * event could not be used (the report is still printed); 1 when a policy is invalid.
 */
export function registerReplayCommand(program: Command, io: CliIo): void {
  const command = program
    .command('replay')
    .description('replay recorded Batch job state change events under policies: what would have been retried')
    .argument('<inputs...>', 'event files or folders, - for stdin (JSON, JSON lines, logs export, gzip)')
    .addOption(policyOption('policy file in force, as deployed to SSM', true))
    .addOption(
      wholeNumberOption(
        '--reorder-window <events>',
        'events held back to put them in time order; 0 turns reordering off',
        0,
        DEFAULT_REORDER_WINDOW,
      ),
    )
    .addOption(
      wholeNumberOption(
        '--max-lineages <n>',
        'lineages kept in memory; the least recently used is forgotten',
        1,
        DEFAULT_MAX_LINEAGES,
      ),
    );
  for (const option of outputOptions('the report as one JSON object')) command.addOption(option);
  command.action(commandAction(io, replay));
}

async function replay(
  context: CommandContext,
  inputs: string[],
  options: ReplayCommandOptions,
): Promise<void> {
  const { io, report: say } = context;
  const policies = await loadPolicyFiles(options.policy, context, 'Nothing was replayed.');
  const opened = await openEventInputs(inputs, io.stdin);
  const progress = io.stderr.isTTY === true ? progressLine(io, opened.totalBytes) : undefined;
  const interrupt = new AbortController();
  const stopListening = io.onInterrupt?.(() => interrupt.abort());
  let report: Awaited<ReturnType<typeof replayEvents>>;
  try {
    report = await replayEvents(opened.results, {
      policies,
      reorderWindow: options.reorderWindow,
      maxLineages: options.maxLineages,
      bytesRead: opened.bytesRead,
      signal: interrupt.signal,
      ...(progress === undefined ? {} : { onProgress: progress.draw }),
    });
  } finally {
    stopListening?.();
    progress?.clear();
  }
  // A read of stdin may still be waiting; closing it lets the process end.
  if (report.interrupted) io.stdin.destroy();

  await context.out.write(
    outputFormat(options) === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report),
  );
  if (report.interrupted) {
    say.say('interrupted (Ctrl-C); the report covers the events read until then');
    throw new CliExit(EXIT_INTERRUPTED);
  }
  if (report.unparseable.count > 0) {
    say.say(
      `${report.unparseable.count.toLocaleString('en-US')} input(s) or event(s) could not be used and were ` +
        'left out of the replay; the report lists the first ones with their problem',
    );
    throw new CliExit(EXIT_BAD_INPUT);
  }
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
