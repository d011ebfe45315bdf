import * as z from 'zod';
import { policySchema } from './schema.js';

/**
 * The JSON Schema (draft 2020-12) of a policy document as written: fields with defaults are optional.
 * Committed as schema/policy.schema.json for editor completion; `batch-retry policy schema` prints it.
 */
export function policyJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(policySchema(), { io: 'input', target: 'draft-2020-12' }),
    title: 'batch-retry-orchestrator retry policy',
  };
}
