import { describe, expect, it } from 'vitest';
import type { SubmitJobInput } from '#core/ports/batch.js';
import { MASKED, maskEnvironment } from '#core/submit/mask-environment.js';

const base = { jobName: 'etl', jobQueue: 'q', jobDefinition: 'd:1' };

describe('maskEnvironment', () => {
  it('masks every environment value of every platform, and nothing else', () => {
    const request: SubmitJobInput = {
      ...base,
      parameters: { date: '2026-12-05' },
      containerOverrides: { command: ['run'], environment: [{ name: 'TOKEN', value: 's1' }] },
      ecsPropertiesOverride: {
        taskProperties: [{ containers: [{ name: 'app', environment: [{ name: 'A', value: 's2' }] }] }],
      },
      eksPropertiesOverride: {
        podProperties: {
          containers: [{ name: 'main', env: [{ name: 'B', value: 's3' }, { name: 'EMPTY' }] }],
          initContainers: [{ name: 'init', env: [{ name: 'C', value: 's4' }] }],
        },
      },
      nodeOverrides: {
        nodePropertyOverrides: [
          { targetNodes: '0:', containerOverrides: { environment: [{ name: 'D', value: 's5' }] } },
        ],
      },
    };

    const masked = maskEnvironment(request);

    expect(JSON.stringify(masked)).not.toMatch(/s[1-5]/);
    expect(masked.containerOverrides).toEqual({
      command: ['run'],
      environment: [{ name: 'TOKEN', value: MASKED }],
    });
    expect(masked.eksPropertiesOverride?.podProperties?.containers?.[0]?.env).toEqual([
      { name: 'B', value: MASKED },
      { name: 'EMPTY' },
    ]);
    expect(masked.parameters).toEqual({ date: '2026-12-05' });
    expect(JSON.stringify(request)).toContain('s1');
  });
});
