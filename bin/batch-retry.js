#!/usr/bin/env node
// Runs the bundled command (dist/cli/, built by `npm ci` through the prepare script). When a source
// file is newer than the bundle (after a `git pull` or an edit), it is rebuilt first, so what runs is
// always the code in the tree (cli/bundle/build.mjs).
import { ENTRY, ensureBuilt } from '../cli/bundle/build.mjs';

try {
  await ensureBuilt();
} catch (error) {
  process.stderr.write(
    `batch-retry: the command could not be built (${error instanceof Error ? error.message : error}); run npm ci, then try again\n`,
  );
  process.exit(70);
}
await import(ENTRY);
