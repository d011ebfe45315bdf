import type { Command } from 'commander';
import type { Attempt, NormalisedJob } from '#core/events/index.js';
import { type InputEvent, InputEvents } from '../inputs/index.js';
import {
  type CliIo,
  commandAction,
  type OutputOptionValues,
  outputFormat,
  outputOptions,
} from '../kit/index.js';

/** Longest reason shown on a readable line, in characters; `--json` prints reasons whole. */
const SHOWN_REASON_CHARS = 160;

/**
 * `batch-retry normalise <inputs...> [--output text|json]`: reads Batch job state change events (see
 * docs/cli.md for the inputs) and prints what the orchestrator sees in each, one line per event.
 * Exits 0 when every event was read, 2 when any could not be (each problem is printed on stderr, and
 * the other events are still printed).
 */
export function registerNormaliseCommand(program: Command, io: CliIo): void {
  const command = program
    .command('normalise')
    .description('show what the orchestrator reads from AWS Batch job state change events')
    .argument('<inputs...>', 'event files or folders, - for stdin (JSON, JSON lines, logs export, gzip)');
  for (const option of outputOptions(
    'one JSON object per event (the normalised job, without the raw detail)',
  )) {
    command.addOption(option);
  }
  command.action(
    commandAction(io, async (context, inputs: string[], options: OutputOptionValues) => {
      const json = outputFormat(options) === 'json';
      const events = new InputEvents(inputs, context);
      for await (const event of events) {
        await context.out.line(json ? jsonLine(event) : readableLine(event.source, event.job));
      }
      events.exitIfAnyUnusable('read');
    }),
  );
}

function jsonLine({ source, job }: InputEvent): string {
  const { detail: _detail, ...rest } = job;
  return JSON.stringify({ source, ...rest });
}

/** One line an operator can scan: where, which job, its state, platform and every attempt's outcome. */
function readableLine(source: string, job: NormalisedJob): string {
  const head = `${source}  ${job.status}  ${job.platform}  ${job.jobName} (${job.jobId})`;
  const parts = [head];
  if (job.array?.isParent === true) parts.push(`array parent of ${job.array.size ?? '?'} children`);
  if (job.array?.isParent === false) parts.push(`array child ${job.array.index ?? '?'}`);
  if (job.node?.index !== undefined) {
    parts.push(`node ${job.node.index}${job.node.isMainNode === true ? ' (main)' : ''}`);
  }
  if (job.attempts.length === 0) {
    parts.push(`no attempts${job.statusReason === undefined ? '' : `, reason ${quote(job.statusReason)}`}`);
  } else {
    parts.push(`${job.attempts.length} attempt(s): ${job.attempts.map(describeAttempt).join('; ')}`);
  }
  return parts.join('  ');
}

function describeAttempt(attempt: Attempt): string {
  const decisive = attempt.containers.find((c) => c.decisive);
  const who =
    attempt.containers.length > 1 && decisive?.name !== undefined ? ` container ${decisive.name}` : '';
  const exit = attempt.exitCode === undefined ? 'no exit code' : `exit ${attempt.exitCode}`;
  const reason = attempt.containerReason === undefined ? '' : `, reason ${quote(attempt.containerReason)}`;
  const status = attempt.statusReason === undefined ? '' : `, status reason ${quote(attempt.statusReason)}`;
  return `#${attempt.index + 1}${who} ${exit}${reason}${status}`;
}

function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return JSON.stringify(flat.length > SHOWN_REASON_CHARS ? `${flat.slice(0, SHOWN_REASON_CHARS)}...` : flat);
}
