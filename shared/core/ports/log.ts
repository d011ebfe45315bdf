/**
 * The structured logger the core writes to. Powertools Logger satisfies it on AWS; the CLI and the
 * simulator pass a quiet or collecting one.
 */
export interface LogPort {
  debug(message: string, extra?: Record<string, unknown>): void;
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

export const silentLog: LogPort = { debug() {}, info() {}, warn() {}, error() {} };
