import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../../cli/main.js';

/** Runs `batch-retry <args>` in-process and collects what it wrote. */
export async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  stdin.end('');
  const code = await main(['node', 'batch-retry', ...args], { stdout, stderr, stdin });
  stdout.end();
  stderr.end();
  const text = async (stream: PassThrough) => (await stream.toArray()).join('');
  return { code, stdout: await text(stdout), stderr: await text(stderr) };
}

/** Writes each file into a fresh temporary folder and returns the full paths by file name. */
export async function tempFiles(files: Record<string, unknown>): Promise<Record<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), 'policy-cli-'));
  const paths: Record<string, string> = {};
  for (const [name, content] of Object.entries(files)) {
    paths[name] = join(dir, name);
    await writeFile(paths[name], typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return paths;
}
