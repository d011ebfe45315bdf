import type { KeyValuePair } from '../ports/batch.js';
import type { OverrideContext } from './override-context.js';

/** Environment variable prefix AWS Batch reserves: it sets these itself and rejects them in overrides. */
export const RESERVED_VARIABLE_PREFIX = 'AWS_BATCH';

/**
 * The environment to send for one container: the effective variables of the failed job without the
 * `AWS_BATCH*` ones (noted), plus the array index variable when resubmitting an array child (it
 * replaces a variable of the same name). A missing value is sent as the empty string.
 * Returns undefined when there is nothing to send.
 */
export function carryEnvironment(
  variables: readonly { readonly name: string; readonly value?: string | undefined }[] | undefined,
  label: string,
  context: OverrideContext,
): KeyValuePair[] | undefined {
  const kept: KeyValuePair[] = [];
  const reserved: string[] = [];
  for (const variable of variables ?? []) {
    if (variable.name.startsWith(RESERVED_VARIABLE_PREFIX)) {
      reserved.push(variable.name);
    } else if (variable.name !== context.indexVariable?.name) {
      kept.push({ name: variable.name, value: variable.value ?? '' });
    }
  }
  if (reserved.length > 0) {
    context.notes.push(
      `${label}: dropped ${reserved.join(', ')} (AWS Batch sets ${RESERVED_VARIABLE_PREFIX}* variables itself ` +
        'and rejects them in overrides)',
    );
  }
  if (context.indexVariable !== undefined) {
    kept.push(context.indexVariable);
  }
  return kept.length === 0 ? undefined : kept;
}
