import { describe, expect, it } from 'vitest';
import { handleJobEvent } from '#core/orchestrator/handle-job-event.js';
import { handleRetryMessage } from '#core/orchestrator/resubmit.js';
import { LINEAGE_TAG_KEYS } from '#core/submit/lineage-tags.js';
import { jobFromFixture } from '../../fixtures/events/job-from-fixture.js';
import { NOW } from '../decide/decide-fixtures.js';
import { orchestratorWorld } from './orchestrator-world.js';

/** The multi-node job of the three multi-node fixtures; its node jobs are `<id>#0` and `<id>#1`. */
const MNP_JOB = '8c3a5f6a-f750-43c7-bdc1-f0bb092cac56';

describe('a failed multi-node parallel job, end to end', () => {
  it('ignores the node jobs, decides the job’s own event once and resubmits the whole job', async () => {
    const w = orchestratorWorld();

    const mainNode = await handleJobEvent(jobFromFixture('multi-node-main-failed'), w.decideDeps);
    const otherNode = await handleJobEvent(jobFromFixture('multi-node-non-main-node'), w.decideDeps);
    const whole = await handleJobEvent(jobFromFixture('multi-node-job-failed'), w.decideDeps);
    const again = await handleJobEvent(jobFromFixture('multi-node-job-failed'), w.decideDeps);

    expect(mainNode).toMatchObject({ outcome: 'ignored', reason: expect.stringContaining('node 0') });
    expect(otherNode).toMatchObject({ outcome: 'ignored', reason: expect.stringContaining('derived') });
    expect(await w.ledger.getLineage(`${MNP_JOB}#0`)).toBeUndefined();
    expect(await w.ledger.getLineage(`${MNP_JOB}#1`)).toBeUndefined();
    expect(whole).toMatchObject({
      outcome: 'retry-scheduled',
      rootJobId: MNP_JOB,
      duplicate: false,
      decision: { action: 'RETRY', childAttempt: 2 },
    });
    expect(again).toMatchObject({ outcome: 'retry-scheduled', duplicate: true });
    const lineage = await w.lineage(MNP_JOB);
    expect(lineage.decisions.map((d) => d.failedJobId)).toEqual([MNP_JOB]);
    expect(lineage).toMatchObject({ totalAttempts: 1, counts: { application: 1 } });

    const [message] = w.retries.drain();
    if (message === undefined) throw new Error('no retry message was sent');
    w.clock.advanceTo(NOW + 1_200_000);
    const outcome = await handleRetryMessage(message.message, w.resubmitDeps);

    expect(outcome).toEqual({ outcome: 'submitted', childJobId: 'child-1' });
    expect(w.batch.submitted).toHaveLength(1);
    const [request] = w.batch.submitted;
    expect(request).toMatchObject({
      jobName: 'cfd-solver',
      jobQueue: 'arn:aws:batch:us-east-1:123456789012:job-queue/spot-queue',
      jobDefinition: 'arn:aws:batch:us-east-1:123456789012:job-definition/mpi-solver:7',
      nodeOverrides: {
        numNodes: 3,
        nodePropertyOverrides: [
          {
            targetNodes: '0:',
            containerOverrides: {
              command: ['/opt/run-solver.sh'],
              instanceType: 'c5n.4xlarge',
              resourceRequirements: [
                { type: 'VCPU', value: '16' },
                { type: 'MEMORY', value: '65536' },
              ],
            },
          },
        ],
      },
      tags: {
        team: 'data-platform',
        pipeline: 'nightly',
        [LINEAGE_TAG_KEYS.rootJobId]: MNP_JOB,
        [LINEAGE_TAG_KEYS.parentJobId]: MNP_JOB,
        [LINEAGE_TAG_KEYS.attempt]: '2',
        [LINEAGE_TAG_KEYS.policyName]: 'default',
      },
    });
    expect(request).not.toHaveProperty('containerOverrides');
  });
});
