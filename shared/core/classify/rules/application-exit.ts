import { causeFields } from '../causes.js';
import { NO_MATCH, NOT_APPLICABLE, type Rule } from '../rule.js';

/**
 * `application`: the program exited non-zero and no platform rule explained why. This includes 137
 * (SIGKILL) without an OOM reason and 143 (SIGTERM) without a host, Spot or timeout reason: the
 * program, not the platform, is the first suspect.
 */
export const applicationExit: Rule = {
  id: 'application-exit',
  description: 'The program exited with a non-zero exit code and no platform reason: application.',
  evaluate: ({ attempt }) => {
    if (attempt.index === undefined) return NOT_APPLICABLE;
    const exitCode =
      attempt.exitCode ??
      attempt.containers.find((c) => c.exitCode !== undefined && c.exitCode !== 0)?.exitCode;
    if (exitCode === undefined) return NOT_APPLICABLE;
    if (exitCode === 0) return NO_MATCH;
    return {
      kind: 'match',
      class: 'application',
      evidence: {
        attempt: attempt.index,
        field: 'container.exitCode',
        pattern: 'non-zero exit code without a platform reason',
        text: String(exitCode),
        ...causeFields('exit-code'),
      },
    };
  },
};
