import type { Command } from 'commander';
import { type Classification, classifyJob, type Evidence } from '#core/classify/index.js';
import type { NormalisedJob } from '#core/events/index.js';
import type { CliIo } from '../io.js';
import { InputEvents } from '../read-inputs.js';
import { formatTable } from '../table.js';

/** Longest evidence text shown in a table cell, in characters; `--json` prints every text whole. */
const SHOWN_EVIDENCE_CHARS = 100;

const HEADER = ['SOURCE', 'JOB ID', 'STATUS', 'CLASS', 'CAUSE', 'DERIVED', 'EVIDENCE'] as const;

/**
 * `batch-retry classify [--json] <file|->...`: reads Batch job state change events (per input: one
 * event, a JSON array, JSON lines or a CloudWatch Logs export; `-` is stdin) and prints each event's
 * failure class with the evidence behind it: a table row per event, or with `--json` one JSON object
 * per line (`source`, `jobId`, `status`, `class`, `derived`,
 * `attempts[{class, evidence{field, pattern, text, cause, transient}}]`, then `evidence{...}`: the
 * evidence that decided the job's class, with the cause within the class and whether it is usually
 * transient (both absent for an event that is not a failure), which for a job that never ran is its job-level reason and
 * appears nowhere else). Exits 0 when every event was classified, 2 when any input could not be read
 * or held something that is not a Batch job state change event (each problem is printed on stderr,
 * and the other events are still classified; the table is left out when no event was).
 */
export function registerClassifyCommand(program: Command, io: CliIo): void {
  program
    .command('classify')
    .description('classify failed AWS Batch jobs from their state change events, with the evidence')
    .argument('<inputs...>', 'event files (one event, a JSON array or JSON lines); - reads stdin')
    .option('--json', 'print one JSON object per line instead of a table')
    .action(async (inputs: string[], options: { json?: boolean }) => {
      const rows: string[][] = [];
      const events = new InputEvents(inputs, io);
      for await (const { source, job } of events) {
        const classification = classifyJob(job);
        if (options.json === true) {
          io.stdout.write(`${jsonLine(source, job, classification)}\n`);
        } else {
          rows.push(tableRow(source, job, classification));
        }
      }
      if (rows.length > 0)
        io.stdout.write(
          formatTable([[...HEADER], ...rows])
            .map((line) => `${line}\n`)
            .join(''),
        );
      events.exitIfAnyUnusable('classified');
    });
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

function tableRow(source: string, job: NormalisedJob, classification: Classification): string[] {
  const { evidence } = classification;
  const where = evidence.attempt === undefined ? '' : `attempt ${evidence.attempt + 1} `;
  const text = evidence.text.replace(/\s+/g, ' ').trim();
  const shown = text.length > SHOWN_EVIDENCE_CHARS ? `${text.slice(0, SHOWN_EVIDENCE_CHARS)}...` : text;
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
