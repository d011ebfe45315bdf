import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Gives the whole test run one temporary folder: every `os.tmpdir()` in the test workers (which
 * inherit TMPDIR) lands in it, and it is removed when the run ends, so tests never leave files behind.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'batch-retry-tests-'));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
