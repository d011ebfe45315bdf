import { describe, expect, it } from 'vitest';
import { operatorCancel } from '#core/classify/rules/operator-cancel.js';
import { neverRan, ruleInput } from '../rule-input.js';

describe('operatorCancel', () => {
  it('gives cancelled to a job cancelled before it ran', () => {
    expect(operatorCancel.evaluate(neverRan('Cancelled by on-call: bad input file'))).toEqual({
      kind: 'match',
      class: 'cancelled',
      evidence: {
        field: 'job.statusReason',
        pattern: 'not a reason AWS writes (CancelJob/TerminateJob free text)',
        text: 'Cancelled by on-call: bad input file',
        cause: 'operator-cancel',
        transient: false,
      },
    });
  });

  it.each([143, 137, undefined])(
    'gives cancelled to a running job terminated with free text (exit %s)',
    (exitCode) => {
      const reason = 'EC2 instance terminated by ops during maintenance window OPS-2291';
      const input = ruleInput(
        { statusReason: reason, ...(exitCode === undefined ? {} : { exitCode }) },
        { statusReason: reason },
      );
      expect(operatorCancel.evaluate(input)).toMatchObject({ kind: 'match', class: 'cancelled' });
    },
  );

  it('gives cancelled to free text that speaks of killing, whatever the exit code', () => {
    const input = ruleInput({ exitCode: 1 }, { statusReason: 'Job killed by NF' });
    expect(operatorCancel.evaluate(input)).toMatchObject({ kind: 'match', class: 'cancelled' });
  });

  it.each([
    'Essential container in task exited',
    'Host EC2 (instance i-0123456789abcdef0) terminated.',
    'Job attempt duration exceeded timeout',
    'Your Spot Task was interrupted.',
  ])('does not match the AWS reason "%s"', (reason) => {
    expect(operatorCancel.evaluate(ruleInput({ exitCode: 143 }, { statusReason: reason }))).toEqual({
      kind: 'no-match',
    });
  });

  it('gives cancelled to an EKS pod terminated with free text whose container only says Error', () => {
    const input = ruleInput(
      { containerReason: 'Error', exitCode: 143 },
      { statusReason: 'shutting down the run' },
    );
    expect(operatorCancel.evaluate(input)).toMatchObject({ kind: 'match', class: 'cancelled' });
  });

  it('does not match free text on an attempt with a platform container reason', () => {
    const input = ruleInput({ containerReason: 'OOMKilled', exitCode: 137 }, { statusReason: 'PodFailed' });
    expect(operatorCancel.evaluate(input)).toEqual({ kind: 'no-match' });
  });

  it('does not match free text on an attempt that failed by itself with a neutral reason', () => {
    const input = ruleInput({ exitCode: 1 }, { statusReason: 'nightly batch 42' });
    expect(operatorCancel.evaluate(input)).toEqual({ kind: 'no-match' });
  });

  it('does not apply to an earlier attempt or to a job that is not FAILED', () => {
    expect(operatorCancel.evaluate(ruleInput({ isLast: false }, { statusReason: 'stop it' }))).toEqual({
      kind: 'not-applicable',
    });
    expect(operatorCancel.evaluate(ruleInput({}, { status: 'RUNNABLE', statusReason: 'stop it' }))).toEqual({
      kind: 'not-applicable',
    });
  });
});
