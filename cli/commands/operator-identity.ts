import type { LogPort } from '#core/ports/index.js';
import type { CommandContext } from '../kit/index.js';
import { type LedgerAccess, operatorStep, regional } from './ledger-access.js';

/**
 * The caller's IAM identity (STS GetCallerIdentity, which needs no permission), recorded as who did
 * what. Fails with exit 3 when there are no usable credentials, before anything changes.
 */
export async function whoAmI(access: LedgerAccess): Promise<string> {
  const { callerIdentity } = await import('#adapters/aws/sts/index.js');
  return operatorStep('STS', 'STS GetCallerIdentity', () => callerIdentity(regional(access.aws)));
}

/** The core's log, as a command shows it: warnings on stderr, the rest kept quiet. */
export function commandLog(context: CommandContext): LogPort {
  return {
    debug() {},
    info() {},
    warn: (message) => context.report.say(`warning: ${message}`),
    error: (message) => context.report.say(`error: ${message}`),
  };
}
