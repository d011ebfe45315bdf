import { parsePolicyDocument } from '#core/policy/parse-document.js';

/** The smallest valid policy document. */
export const minimal = { schemaVersion: 1, name: 'p' } as const;

/** The problems of a document that must be rejected (fails the test if it is accepted). */
export function problemsOf(document: Record<string, unknown>) {
  const result = parsePolicyDocument(JSON.stringify(document), 'test.json');
  if (result.ok) throw new Error('expected the document to be rejected');
  return result.problems;
}
