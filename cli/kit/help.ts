import type { Command, Help, Option } from 'commander';

/**
 * The one help style of every command: descriptions start in lower case and end without a period;
 * a default is shown as the value itself, `(default: 10,000)`, never `(default: "1")` or
 * `(default: [])`, also when it is worked out at run time (`(default: $AWS_REGION, ...)`).
 */
export function configureHelpStyle(program: Command, width: number | undefined): void {
  program.configureHelp({
    optionDescription: (option: Option) => {
      const shown = option.defaultValueDescription;
      return shown === undefined ? option.description : `${option.description} (default: ${shown})`;
    },
    ...(width === undefined ? {} : { helpWidth: width }),
    sortSubcommands: false,
  } satisfies Partial<Help>);
}
