import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchPatternProblem, MAX_PATTERN_LENGTH, matchesBatchPattern } from '#core/match/batch-pattern.js';

/** Characters Batch accepts in onReason / onStatusReason patterns. */
const reasonChar = fc.constantFrom(...'abcXYZ0189.: \t'.split(''));
const reasonText = fc.string({ unit: reasonChar, maxLength: 40 });
const digits = fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: 1, maxLength: 6 });
/** Characters Batch rejects in reason patterns (the `*` rule is tested separately). */
const forbiddenChar = fc.constantFrom('-', '_', '/', '(', ')', '!', '"', "'", ',', '?', 'é', '😀', '[', '\\');

describe('matchesBatchPattern', () => {
  it('matches every text that starts with the part before a trailing "*"', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (prefix, rest) => {
        expect(matchesBatchPattern(`${prefix}*`, prefix + rest)).toBe(true);
      }),
    );
  });

  it('rejects every text that does not start with the part before a trailing "*"', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (prefix, text) => {
        fc.pre(!text.startsWith(prefix));
        expect(matchesBatchPattern(`${prefix}*`, text)).toBe(false);
      }),
    );
  });

  it('matches a pattern without "*" only against the identical text', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (pattern, text) => {
        fc.pre(!pattern.endsWith('*'));
        expect(matchesBatchPattern(pattern, text)).toBe(pattern === text);
        expect(matchesBatchPattern(pattern, pattern)).toBe(true);
      }),
    );
  });

  it('is case-sensitive, as Batch is', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,20}$/), (text) => {
        expect(matchesBatchPattern(text.toUpperCase(), text)).toBe(false);
        expect(matchesBatchPattern(`${text.toUpperCase()}*`, text)).toBe(false);
      }),
    );
  });

  it('lets a lone "*" match any text, even the empty one', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(matchesBatchPattern('*', text)).toBe(true);
      }),
    );
  });

  it('matches a missing value only with a bare "*", as "exit for any reason" needs', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (pattern) => {
        fc.pre(pattern !== '*');
        expect(matchesBatchPattern(pattern, undefined)).toBe(false);
      }),
    );
    expect(matchesBatchPattern('*', undefined)).toBe(true);
  });

  it('refuses a newline or a non-breaking space in a reason pattern (Batch allows spaces and tabs)', () => {
    expect(batchPatternProblem('Host EC2\nterminated', 'reason')).toContain('position 9');
    expect(batchPatternProblem('Host\u00a0EC2', 'reason')).toContain('position 5');
    expect(batchPatternProblem('Host EC2\t*', 'reason')).toBeUndefined();
  });

  it('matches an exit code only when its digits are equal or start with the prefix', () => {
    expect(matchesBatchPattern('137', '137')).toBe(true);
    expect(matchesBatchPattern('13', '137')).toBe(false);
    expect(matchesBatchPattern('13*', '137')).toBe(true);
    expect(matchesBatchPattern('14*', '137')).toBe(false);
  });
});

describe('batchPatternProblem', () => {
  it('accepts any reason pattern of allowed characters, with or without a final "*"', () => {
    fc.assert(
      fc.property(
        reasonText.filter((s) => s.length > 0),
        fc.boolean(),
        (body, star) => {
          expect(batchPatternProblem(star ? `${body}*` : body, 'reason')).toBeUndefined();
        },
      ),
    );
  });

  it('accepts any exit-code pattern of digits, with or without a final "*"', () => {
    fc.assert(
      fc.property(digits, fc.boolean(), (body, star) => {
        expect(batchPatternProblem(star ? `${body}*` : body, 'exitCode')).toBeUndefined();
      }),
    );
  });

  it('names a forbidden reason character and its 1-based position', () => {
    fc.assert(
      fc.property(reasonText, forbiddenChar, reasonText, (before, bad, after) => {
        const problem = batchPatternProblem(before + bad + after, 'reason');
        expect(problem).toContain(JSON.stringify(bad));
        expect(problem).toContain(`position ${Array.from(before).length + 1}`);
      }),
    );
  });

  it('names the first non-digit of an exit-code pattern and its position', () => {
    fc.assert(
      fc.property(digits, fc.constantFrom('a', '-', ' ', '.', ':'), digits, (before, bad, after) => {
        const problem = batchPatternProblem(before + bad + after, 'exitCode');
        expect(problem).toContain(JSON.stringify(bad));
        expect(problem).toContain(`position ${before.length + 1}`);
        expect(problem).toContain('only digits');
      }),
    );
  });

  it('rejects a "*" anywhere but last, naming its position', () => {
    fc.assert(
      fc.property(
        reasonText,
        reasonText.filter((s) => s.length > 0),
        (before, after) => {
          const problem = batchPatternProblem(`${before}*${after}`, 'reason');
          expect(problem).toContain(`"*" at position ${before.length + 1}`);
        },
      ),
    );
  });

  it('accepts exactly 512 characters and rejects 513, saying how long the pattern is', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1200 }), (length) => {
        const problem = batchPatternProblem('a'.repeat(length), 'reason');
        if (length <= MAX_PATTERN_LENGTH) expect(problem).toBeUndefined();
        else expect(problem).toBe(`is ${length} characters long; AWS Batch allows at most 512`);
      }),
    );
  });

  it('rejects an empty pattern', () => {
    expect(batchPatternProblem('', 'reason')).toMatch(/empty/);
    expect(batchPatternProblem('', 'exitCode')).toMatch(/empty/);
  });

  it('counts an emoji as one position', () => {
    expect(batchPatternProblem('ab😀c', 'reason')).toContain('position 3');
    expect(batchPatternProblem('ab😀c😀', 'reason')).toContain('position 3');
  });
});
