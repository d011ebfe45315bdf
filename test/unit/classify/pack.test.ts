import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULE_PACK } from '#core/classify/pack.js';
import { ruleInput } from './rule-input.js';

const RULE_FILES = readdirSync(new URL('../../../shared/core/classify/rules/', import.meta.url))
  .filter((file) => file.endsWith('.ts'))
  .map((file) => file.slice(0, -'.ts'.length))
  .sort();

describe('RULE_PACK', () => {
  it('holds every rule file exactly once, each rule named after its file', () => {
    expect(RULE_PACK.map((rule) => rule.id).sort()).toEqual(RULE_FILES);
  });

  it('has a test file for every rule', () => {
    const tests = readdirSync(new URL('./rules/', import.meta.url)).map((file) =>
      file.replace('.test.ts', ''),
    );
    expect(tests.sort()).toEqual(RULE_FILES);
  });

  it('ends with the rule that always matches, so every attempt gets a class', () => {
    expect(RULE_PACK.at(-1)?.evaluate(ruleInput())).toMatchObject({ kind: 'match', class: 'unknown' });
  });

  it('puts timeout before every other rule and the application exit code after every platform rule', () => {
    const ids = RULE_PACK.map((rule) => rule.id);
    expect(ids[0]).toBe('attempt-timeout');
    expect(ids.indexOf('application-exit')).toBe(ids.length - 2);
    expect(ids.indexOf('operator-cancel')).toBeLessThan(ids.indexOf('host-terminated'));
    expect(ids.indexOf('out-of-memory')).toBeLessThan(ids.indexOf('container-runtime-error'));
  });
});
