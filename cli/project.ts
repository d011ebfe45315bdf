import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Set by the bundle build (cli/bundle/build.mjs) to package.json's version; absent when run from source. */
declare const __BATCH_RETRY_VERSION__: string | undefined;

/**
 * The project's root folder (the one holding package.json), found from this module's location, so
 * that it is the same whether the CLI runs from source (`cli/`) or from its bundle (`dist/cli/`).
 */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** A file of the project, such as `examples/scenarios/spot-reclaim.json`, as an absolute path. */
export function projectPath(relative: string): string {
  return join(projectRoot(), relative);
}

/** The version of batch-retry (package.json). */
export function projectVersion(): string {
  if (typeof __BATCH_RETRY_VERSION__ === 'string') return __BATCH_RETRY_VERSION__;
  const pkg = JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
