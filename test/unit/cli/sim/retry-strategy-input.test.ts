import { describe, expect, it } from 'vitest';
import { SimulationInputError } from '#cli/sim/errors.js';
import { parseRetryStrategy } from '#cli/sim/retry-strategy-input.js';

describe('parseRetryStrategy', () => {
  it('reads a native retryStrategy and upper-cases its actions', () => {
    const strategy = parseRetryStrategy(
      { attempts: 3, evaluateOnExit: [{ onStatusReason: 'Host EC2*', action: 'retry' }] },
      'native.json',
    );

    expect(strategy).toEqual({
      attempts: 3,
      evaluateOnExit: [{ onStatusReason: 'Host EC2*', action: 'RETRY' }],
    });
  });

  it('rejects what Batch rejects, naming the path', () => {
    const attempt = () =>
      parseRetryStrategy(
        { attempts: 3, evaluateOnExit: [{ onReason: 'Out(Of)Memory', action: 'EXIT' }] },
        'n.json',
      );

    expect(attempt).toThrow(SimulationInputError);
    expect(attempt).toThrow(/^n\.json: evaluateOnExit\[0\]\.onReason: .*"\(" at position 4/);
  });
});
