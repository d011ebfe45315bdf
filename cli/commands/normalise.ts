import type { Command } from 'commander';
import type { Attempt, NormalisedJob } from '#core/events/index.js';
import type { CliIo } from '../io.js';
import { type InputEvent, InputEvents } from '../read-inputs.js';

/** Longest reason shown on a readable line, in characters; `--json` prints reasons whole. */
const SHOWN_REASON_CHARS = 160;

/**
 * `batch-retry normalise [--json] <file|->...`: reads Batch job state change events (one event, a
 * JSON array, JSON lines or a CloudWatch Logs export per input; `-` is stdin) and prints what the
 * orchestrator sees in each. Exits 0 when every event was read, 2 when any could not be (each
 * problem is printed on stderr, and the other events are still printed).
 */
export function registerNormaliseCommand(program: Command, io: CliIo): void {
  program
    .command('normalise')
    .description('show what the orchestrator reads from AWS Batch job state change events')
    .argument(
      '<inputs...>',
      'event files (one event, a JSON array, JSON lines or a CloudWatch Logs export); - reads stdin',
    )
    .option('--json', 'print one JSON object per event (the normalised job, without the raw detail)')
    .action(async (inputs: string[], options: { json?: boolean }) => {
      const events = new InputEvents(inputs, io);
      for await (const event of events) {
        io.stdout.write(
          `${options.json === true ? jsonLine(event) : readableLine(event.source, event.job)}\n`,
        );
      }
      events.exitIfAnyUnusable('read');
    });
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
