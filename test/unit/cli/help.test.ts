import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_PREFIX } from '#adapters/aws/ssm/index.js';
import { SHOWN_POLICY_PREFIX } from '#cli/commands/policy-store.js';
import { buildProgram } from '#cli/main.js';
import { runCli } from '../../helpers/run-cli.js';

/**
 * Every command that runs something, with its full name: not `policy` itself, which only groups its
 * subcommands, but `lineage`, which takes a job id and also has subcommands.
 */
function leafCommands(command: Command, prefix = ''): [string, Command][] {
  return command.commands
    .filter((c) => c.name() !== 'help')
    .flatMap((c) => {
      const name = `${prefix}${c.name()}`;
      const runs = c.commands.length === 0 || c.registeredArguments.length > 0;
      return [...(runs ? [[name, c] as [string, Command]] : []), ...leafCommands(c, `${name} `)];
    });
}

const program = await buildProgram();
const COMMANDS = leafCommands(program);

/** Every description a person reads in --help: the command's, its arguments' and its options'. */
function descriptions(command: Command): string[] {
  return [
    command.description(),
    ...command.registeredArguments.map((a) => a.description),
    ...command.options.map((o) => o.description),
  ];
}

describe('the help of every command', () => {
  it('covers every command', () => {
    expect(COMMANDS.map(([name]) => name)).toEqual([
      'normalise',
      'classify',
      'simulate',
      'compare',
      'explain',
      'replay',
      'lineage',
      'lineage list',
      'lineage wait',
      'retry',
      'cancel-retry',
      'pause',
      'resume',
      'policy validate',
      'policy schema',
      'policy import',
      'policy push',
      'policy list',
      'policy show',
      'policy diff',
    ]);
  });

  it.each(COMMANDS)(
    '%s: descriptions start in lower case (or with an acronym), end without a period and fit one line',
    (_name, command) => {
      for (const text of descriptions(command)) {
        expect(text).toMatch(/^([a-z$-]|[A-Z]{2,}\b)/);
        expect(text).not.toMatch(/\.$/);
        expect(text.length).toBeLessThanOrEqual(100);
        expect(text).not.toMatch(/\(default/);
      }
    },
  );

  it.each(COMMANDS)('%s: shows defaults as values, never quoted or as []', async (name) => {
    const { code, stdout } = await runCli([...name.split(' '), '--help']);

    expect(code).toBe(0);
    expect(stdout).not.toMatch(/\(default: ("|\[\]|undefined)/);
  });

  it('shows the policy prefix the SSM adapter really uses', () => {
    expect(SHOWN_POLICY_PREFIX).toBe(DEFAULT_POLICY_PREFIX);
  });

  it.each(COMMANDS)(
    '%s: has a row in the README command table that lists each of its options',
    (name, command) => {
      const readme = readFileSync('README.md', 'utf8');
      const row = readme
        .split('\n')
        .find((line) => line.startsWith(`| \`${name} `) || line.startsWith(`| \`${name}\``));

      expect(row, `README has no row for ${name}`).toBeDefined();
      for (const option of command.options) {
        if (option.long === '--help' || option.long === '--json') continue;
        expect(row).toContain(option.long);
      }
    },
  );
});
