import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventBridgeLineageEvents } from '#adapters/aws/eventbridge/index.js';
import { OrchestratorError } from '#core/errors.js';
import { firstRunSuccessNews, type LineageNews } from '#core/workflow/index.js';

const eventsMock = mockClient(EventBridgeClient);

afterEach(() => {
  eventsMock.reset();
});

const news = (i: number): LineageNews =>
  firstRunSuccessNews({ jobId: `job-${i}`, jobName: 'etl', at: Date.UTC(2026, 0, 1), republished: false });

describe('createEventBridgeLineageEvents', () => {
  it('puts each event on the bus with source batch-retry, its detail-type, its detail and its time', async () => {
    eventsMock.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
    const events = createEventBridgeLineageEvents(new EventBridgeClient({}), 'ops-bus');

    const results = await events.publish([news(1)]);

    expect(results).toEqual([undefined]);
    expect(eventsMock).toHaveReceivedCommandExactlyOnceWith(PutEventsCommand, {
      Entries: [
        {
          EventBusName: 'ops-bus',
          Source: 'batch-retry',
          DetailType: 'Batch Retry Lineage Closed',
          Detail: JSON.stringify(news(1)),
          Time: new Date(Date.UTC(2026, 0, 1)),
        },
      ],
    });
  });

  it('puts at most 10 events per request', async () => {
    eventsMock.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
    const events = createEventBridgeLineageEvents(new EventBridgeClient({}), 'default');

    await events.publish(Array.from({ length: 23 }, (_, i) => news(i)));

    expect(eventsMock.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries?.length)).toEqual([
      10, 10, 3,
    ]);
  });

  it('reports an entry EventBridge refused, and a failed request for each of its events, as transient errors', async () => {
    eventsMock
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 1,
        Entries: [{ EventId: 'e-0' }, { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }],
      })
      .rejects(Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }));
    const events = createEventBridgeLineageEvents(new EventBridgeClient({}), 'default');

    const first = await events.publish([news(0), news(1)]);
    const second = await events.publish([news(2)]);

    expect(first[0]).toBeUndefined();
    expect(first[1]).toBeInstanceOf(OrchestratorError);
    expect((first[1] as OrchestratorError).transient).toBe(true);
    expect(first[1]?.message).toContain('ThrottlingException: Rate exceeded');
    expect(second[0]?.message).toMatch(
      /could not put lineage event job-2\/succeeded on EventBridge bus default: TimeoutError/,
    );
  });
});
