/**
 * The conventions every `batch-retry` command follows (docs/cli.md): exit codes, one error style
 * (`batch-retry <command>: <input>: <problem>`, one line each, capped), `--output text|json`, text that
 * fits the terminal, shared option parsing, the AWS options, and the help style. A new command wraps
 * its action in {@link commandAction} and throws {@link CliError}s; it never writes errors itself.
 */
export { type CommandContext, commandAction, reportError } from './action.js';
export {
  type AwsOptionValues,
  type AwsSettings,
  awsCall,
  awsOptions,
  resolveAws,
} from './aws-options.js';
export { confirmChange, yesOption } from './confirm.js';
export { formatDuration } from './duration.js';
export { durationMs, durationOption, parseMoment } from './duration-option.js';
export { awsFailure, CliError, CliExit, invalidPolicy, type Problem, unusableInput } from './errors.js';
export {
  EXIT_AWS,
  EXIT_BAD_INPUT,
  EXIT_FAILED,
  EXIT_INTERNAL,
  EXIT_INTERRUPTED,
  EXIT_OK,
  EXIT_TIMED_OUT,
} from './exit-codes.js';
export { configureHelpStyle } from './help.js';
export { type CliIo, type CliStream, processIo } from './io.js';
export { policyOption, seedOption, wholeNumberOption } from './options.js';
export { Output, type OutputFormat, type OutputOptionValues, outputFormat, outputOptions } from './output.js';
export { Reporter } from './reporter.js';
export { fitText, textWidth, wrapText } from './terminal.js';
