/**
 * The process entry of `batch-retry` (bundled to dist/cli/entry.mjs by cli/bundle/build.mjs, run by
 * bin/batch-retry.js): what only a real process has. A reader that closes the pipe (`| head -1`) ends
 * the command quietly with exit 0, as Unix tools do; everything else is in main().
 */
import { EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, processIo } from './kit/index.js';
import { main } from './main.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT_OK);
    if (stream === process.stdout)
      process.stderr.write(`batch-retry: cannot write the output: ${error.code}\n`);
    process.exit(EXIT_INTERNAL);
  });
}
const code = await main(process.argv, processIo);
// After Ctrl-C a read of stdin may still be pending; the report is out, so end now.
if (code === EXIT_INTERRUPTED) process.exit(code);
process.exitCode = code;
