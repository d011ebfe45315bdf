import type { Figure } from '../figure.js';
import { cliStart } from './cli-start.js';
import { cost } from './cost.js';
import { decisionCpu } from './decision-cpu.js';
import { functionBundles } from './function-bundles.js';
import { functionMemory } from './function-memory.js';
import { outcomes } from './outcomes.js';
import { reliability } from './reliability.js';
import { replay } from './replay.js';
import { requestCounts } from './request-counts.js';
import { storm } from './storm.js';

/**
 * Every figure of `npm run bench`, in the order printed. To add one: write a module exporting a
 * {@link Figure} (one file, its keys prefixed with its id), add it here, and describe it in
 * docs/performance.md with its command (`npm run bench -- --only <id>`).
 */
export const FIGURES: readonly Figure[] = [
  decisionCpu,
  requestCounts,
  functionBundles,
  functionMemory,
  cliStart,
  storm,
  replay,
  cost,
  outcomes,
  reliability,
];
