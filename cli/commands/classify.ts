import type { Command } from 'commander';
import { type Classification, classifyJob, type Evidence } from '#core/classify/index.js';
import type { NormalisedJob } from '#core/events/index.js';
import { InputEvents } from '../inputs/index.js';
import {
  type CliIo,
  commandAction,
  type OutputOptionValues,
  outputFormat,
  outputOptions,
} from '../kit/index.js';
import { StreamingTable } from '../table.js';

/**
 * Longest evidence text shown in a table cell, in characters, when stdout is not a terminal (on a
 * terminal, the row is cut to its width instead); `--output json` prints every text whole.
 */
const SHOWN_EVIDENCE_CHARS = 100;

const HEADER = ['SOURCE', 'JOB ID', 'STATUS', 'CLASS', 'CAUSE', 'DERIVED', 'EVIDENCE'] as const;

/**
 * `batch-retry classify <inputs...> [--output text|json]`: reads Batch job state change events (see
 * docs/cli.md for the inputs) and prints each event's failure class with the evidence behind it: a
 * table row per event, streamed in bounded memory, or with `--output json` one JSON object per line
 * (`source`, `jobId`, `status`, `class`, `derived`,
 * `attempts[{class, evidence{field, pattern, text, cause, transient}}]`, then `evidence{...}`: the
 * evidence that decided the job's class, with the cause within the class and whether it is usually
 * transient (both absent for an event that is not a failure), which for a job that never ran is its
 * job-level reason and appears nowhere else). Exits 0 when every event was
 * classified, 2 when any input could not be read or held something that is not a Batch job state
 * change event (each problem is printed on stderr, and the other events are still classified; the
 * table is left out when no event was).
 */
export function registerClassifyCommand(program: Command, io: CliIo): void {
  const command = program
    .command('classify')
    .description('classify failed AWS Batch jobs from their state change events, with the evidence')
    .argument('<inputs...>', 'event files or folders, - for stdin (JSON, JSON lines, logs export, gzip)');
  for (const option of outputOptions('one JSON object per event, one per line')) command.addOption(option);
  command.action(
    commandAction(io, async (context, inputs: string[], options: OutputOptionValues) => {
      const json = outputFormat(options) === 'json';
      const table = new StreamingTable(HEADER, (line) => context.out.line(line), { width: context.width });
      const events = new InputEvents(inputs, context);
      for await (const { source, job } of events) {
        const classification = classifyJob(job);
        if (json) await context.out.line(jsonLine(source, job, classification));
        else await table.add(tableRow(source, job, classification, context.width));
      }
      await table.end();
      events.exitIfAnyUnusable('classified');
    }),
  );
}

function jsonLine(source: string, job: NormalisedJob, classification: Classification): string {
  return JSON.stringify({
    source,
    jobId: job.jobId,
    status: job.status,
    class: classification.class,
    derived: classification.derived,
    attempts: classification.attempts.map((attempt) => ({
      class: attempt.class,
      evidence: plainEvidence(attempt.evidence),
    })),
    evidence: plainEvidence(classification.evidence),
  });
}

function plainEvidence({ field, pattern, text, cause, transient }: Evidence): Record<string, unknown> {
  return { field, pattern, text, ...(cause === undefined ? {} : { cause, transient }) };
}

function tableRow(
  source: string,
  job: NormalisedJob,
  classification: Classification,
  width: number | undefined,
): string[] {
  const { evidence } = classification;
  const where = evidence.attempt === undefined ? '' : `attempt ${evidence.attempt + 1} `;
  const text = evidence.text.replace(/\s+/g, ' ').trim();
  const cap = width ?? SHOWN_EVIDENCE_CHARS;
  const shown = text.length > cap ? `${text.slice(0, cap)}...` : text;
  return [
    source,
    job.jobId,
    job.status,
    classification.class,
    evidence.cause === undefined
      ? ''
      : `${evidence.cause}${evidence.transient === true ? ' (transient)' : ''}`,
    classification.derived ? 'yes' : 'no',
    `${where}${evidence.field}: ${JSON.stringify(shown)}`,
  ];
}
