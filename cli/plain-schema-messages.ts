import * as z from 'zod';
import { plainIssueMessage } from '#core/policy/index.js';

/**
 * Makes every schema message the CLI can print plain words (`must be at least 1`, not zod's
 * `Too small: expected number to be >=1`), for the schemas that give no message of their own: the
 * simulator's scenario, workload and retryStrategy inputs. Called by the commands that read them.
 */
export function usePlainSchemaMessages(): void {
  z.config({ customError: plainIssueMessage });
}
