import { CANCEL_WORDS } from './cancel-words.js';

/**
 * The phrasing of the validation and error messages AWS services write when they refuse or fail a
 * job before it runs ("Container Overrides length must be at most 8192", "... is not a valid ...",
 * "... does not exist", "ClientException: ..."): constraints and service errors, not a person's note.
 */
const AWS_MESSAGE_PHRASES =
  /\b(must (be|not|have|contain|match|specify)|at (most|least) \d+|is (not )?(valid|invalid|required|supported|allowed|active)|are (not )?(valid|supported|allowed)|invalid|exceed(s|ed)?|cannot be|does not exist|not found|length)\b|\b\w+Exception\b/i;

/**
 * True when a job-level reason reads like a message AWS wrote but that no rule knows: it uses the
 * phrasing of a service's validation or error message and none of the words people use when they
 * cancel or terminate a job. Such a reason is AWS's, so it is `unknown` rather than an operator's
 * cancel. A text that speaks of cancelling stays a cancel whatever else it says.
 */
export function looksLikeAwsMessage(folded: string): boolean {
  return AWS_MESSAGE_PHRASES.test(folded) && !CANCEL_WORDS.test(folded);
}
