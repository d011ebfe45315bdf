import { describe, expect, it } from 'vitest';
import { formatDuration, textWidth, wrapText } from '#cli/kit/index.js';

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [45.4, '45 s'],
    [191, '3 min 11 s'],
    [3599.6, '1 h'],
    [7_500, '2 h 5 min'],
    [86_399, '1 day'],
    [100_800, '1 day 4 h'],
    [604_800, '7 days'],
    [-5, '0 s'],
  ])('reads %d seconds as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('wrapText', () => {
  it('wraps at the width, never between a number and its unit', () => {
    // "wait then retry in 191" is exactly 22 columns: a plain word wrap would leave "s" alone.
    expect(wrapText('wait then retry in 191 s', 22)).toEqual(['wait then retry in', '191 s']);
    expect(wrapText('after 3 attempts the job gave up', 18, '- ', '  ')).toEqual([
      '- after 3 attempts',
      '  the job gave up',
    ]);
  });

  it('leaves text on one line when there is no width (a pipe or a file)', () => {
    expect(wrapText('a '.repeat(200).trim(), undefined, '> ')).toEqual([`> ${'a '.repeat(200).trim()}`]);
  });
});

describe('textWidth', () => {
  it('is COLUMNS when set, the terminal width on a terminal, and none on a pipe', () => {
    const pipe = { isTTY: false } as never;
    const terminal = { isTTY: true, columns: 132 } as never;

    expect(textWidth(pipe, {})).toBeUndefined();
    expect(textWidth(terminal, {})).toBe(132);
    expect(textWidth(pipe, { COLUMNS: '100' })).toBe(100);
    expect(textWidth(terminal, { COLUMNS: 'wide' })).toBe(132);
  });
});
