import type { Figure } from '../figure.js';
import { cliStart } from './cli-start.js';
import { decisionCpu } from './decision-cpu.js';
import { outcomes } from './outcomes.js';
import { replay } from './replay.js';

/**
 * Every figure of `npm run bench`, in the order printed. To add one: write a module exporting a
 * {@link Figure} (one file, its keys prefixed with its id), add it here, and describe it in
 * docs/performance.md with its command (`npm run bench -- --only <id>`).
 */
export const FIGURES: readonly Figure[] = [decisionCpu, cliStart, replay, outcomes];
