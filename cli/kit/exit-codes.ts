/**
 * The exit codes of every `batch-retry` command (docs/cli.md). A script can rely on them: 0 and 1 are
 * answers, 2 and 3 mean the command could not give one.
 */

/** The command did what was asked. */
export const EXIT_OK = 0;
/** The command ran and the answer is no: a policy is invalid, or `policy diff` found a difference. */
export const EXIT_FAILED = 1;
/**
 * What the command was given cannot be used: the command line (an unknown option, a bad value), a
 * file (missing, unreadable, not JSON, not an event), an AWS profile or region, or a name that does
 * not exist (a stored policy, a job in the ledger).
 */
export const EXIT_BAD_INPUT = 2;
/** AWS refused the request or could not be reached (credentials, permissions, network, throttling). */
export const EXIT_AWS = 3;
/** `lineage wait` gave up waiting (`--timeout`), as timeout(1) does. */
export const EXIT_TIMED_OUT = 124;
/** A bug in batch-retry: one line says what broke; `BATCH_RETRY_DEBUG=1` adds the stack trace. */
export const EXIT_INTERNAL = 70;
/** Stopped by Ctrl-C (128 + SIGINT, as shells report it); what was done so far has been printed. */
export const EXIT_INTERRUPTED = 130;
