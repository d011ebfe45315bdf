import { Option } from 'commander';
import { FAILURE_CLASSES, type FailureClass, isFailureClass } from '#core/classify/index.js';
import type { LineageStatus } from '#core/lineage/index.js';
import { unusableInput } from '../kit/index.js';

const STATUSES: readonly LineageStatus[] = ['OPEN', 'RECOVERED', 'GAVE_UP', 'CANCELLED'];

/** `--class <class>`: a failure class, checked. */
export function classOption(description: string): Option {
  return new Option('--class <class>', description).argParser((text: string): FailureClass => {
    if (isFailureClass(text)) return text;
    throw unusableInput(
      `--class ${JSON.stringify(text)}`,
      `is not a failure class; use one of ${FAILURE_CLASSES.join(', ')}`,
    );
  });
}

/** `--status <status>`: a lineage status, in any letter case. */
export function statusOption(description: string): Option {
  return new Option('--status <status>', description).argParser((text: string): LineageStatus => {
    const status = STATUSES.find((s) => s === text.toUpperCase());
    if (status !== undefined) return status;
    throw unusableInput(
      `--status ${JSON.stringify(text)}`,
      `is not a lineage status; use one of ${STATUSES.join(', ')}`,
    );
  });
}

/** `--reason <text>`: why a person changes something, kept with who did it. */
export function reasonOption(): Option {
  return new Option('--reason <text>', 'why, kept in the ledger with who did it').default(undefined, 'none');
}

/** `--queue <name>`, required: a job queue name or ARN. */
export function queueOption(description: string): Option {
  return new Option('--queue <name>', description).makeOptionMandatory();
}
