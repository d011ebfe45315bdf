/**
 * Imports one bundle in this fresh process and prints the CPU and wall time the import took, in ms,
 * as JSON. Built by esbuild and run under Node 22 by the function-bundles figure, once per sample.
 */
import { pathToFileURL } from 'node:url';

const bundle = process.argv[2];
if (bundle === undefined) throw new Error('usage: cold-import.mjs <bundle>');
const cpu = process.cpuUsage();
const started = performance.now();
await import(pathToFileURL(bundle).href);
const wallMs = performance.now() - started;
const { user, system } = process.cpuUsage(cpu);
process.stdout.write(`${JSON.stringify({ cpuMs: (user + system) / 1000, wallMs })}\n`);
