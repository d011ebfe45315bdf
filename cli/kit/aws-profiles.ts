import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The profiles of the shared AWS config and credentials files, with the region each names. */
export interface AwsProfiles {
  /** Profile name to its `region` (undefined when the profile names none). */
  readonly regions: ReadonlyMap<string, string | undefined>;
  /** The files read, for messages (`~/.aws/config`, `~/.aws/credentials` unless overridden). */
  readonly files: readonly string[];
}

/**
 * Reads the profiles as the AWS CLI and SDKs find them: `AWS_CONFIG_FILE` (default `~/.aws/config`,
 * sections `[default]` and `[profile <name>]`) and `AWS_SHARED_CREDENTIALS_FILE` (default
 * `~/.aws/credentials`, sections `[<name>]`). A missing file holds no profiles.
 */
export async function readAwsProfiles(env: NodeJS.ProcessEnv = process.env): Promise<AwsProfiles> {
  const config = env.AWS_CONFIG_FILE ?? join(homedir(), '.aws', 'config');
  const credentials = env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), '.aws', 'credentials');
  const regions = new Map<string, string | undefined>();
  for (const [section, values] of await sections(credentials)) regions.set(section, values.get('region'));
  for (const [section, values] of await sections(config)) {
    const name = section === 'default' ? section : /^profile\s+(.+)$/.exec(section)?.[1]?.trim();
    if (name !== undefined) regions.set(name, values.get('region') ?? regions.get(name));
  }
  return { regions, files: [config, credentials] };
}

/** The `[section]`s of an INI file and their top-level `key = value` pairs (nested values skipped). */
async function sections(path: string): Promise<Map<string, Map<string, string>>> {
  const out = new Map<string, Map<string, string>>();
  const text = await readFile(path, 'utf8').catch(() => '');
  let current: Map<string, string> | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (/^\s/.test(line) || /^[#;]/.test(line)) continue;
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header?.[1] !== undefined) {
      current = out.get(header[1].trim()) ?? new Map<string, string>();
      out.set(header[1].trim(), current);
      continue;
    }
    const pair = /^([^=]+)=(.*)$/.exec(line);
    if (pair?.[1] !== undefined && current !== undefined) current.set(pair[1].trim(), (pair[2] ?? '').trim());
  }
  return out;
}
