import { describe, expect, it } from 'vitest';
import { parseEvent } from '#core/events/index.js';
import { consoleLinks } from '#core/links/index.js';
import { jobFromFixture } from '../../fixtures/events/job-from-fixture.js';
import { loadEventFixture } from '../../fixtures/events/load-fixture.js';

describe('console links', () => {
  it('link the job page and the decisive container log stream, in the region of the event', () => {
    const links = consoleLinks(jobFromFixture('ec2-spot-host-terminated'));

    expect(links?.job).toBe(
      'https://us-east-1.console.aws.amazon.com/batch/home?region=us-east-1#jobs/detail/b5d735c5-521b-46c3-9a71-94ec885ffb05',
    );
    expect(links?.logs).toBe(
      'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/' +
        '$252Faws$252Fbatch$252Fjob/log-events/nightly-etl-orders$252Fdefault$252Feed0cbb846887d4cc7a1f7efb159fe41',
    );
  });

  it('use the log group the job definition configures', () => {
    const job = jobFromFixture('ec2-spot-host-terminated', (detail) => {
      (detail.container as Record<string, unknown>).logConfiguration = {
        logDriver: 'awslogs',
        options: { 'awslogs-group': '/etl/orders' },
      };
    });

    expect(consoleLinks(job)?.logs).toContain('#logsV2:log-groups/log-group/$252Fetl$252Forders/log-events/');
  });

  it('take the region and partition from the job ARN of a bare job detail', () => {
    const { detail } = loadEventFixture('ec2-spot-host-terminated');
    const job = parseEvent(
      {
        ...detail,
        jobArn: 'arn:aws-cn:batch:cn-north-1:123456789012:job/b5d735c5-521b-46c3-9a71-94ec885ffb05',
      },
      'detail',
    );

    expect(consoleLinks(job)?.job).toBe(
      'https://console.amazonaws.cn/batch/home?region=cn-north-1#jobs/detail/b5d735c5-521b-46c3-9a71-94ec885ffb05',
    );
  });

  it('give no links when nothing says which region the job ran in', () => {
    const { detail } = loadEventFixture('ec2-spot-host-terminated');
    const { jobArn: _, ...withoutArn } = detail as Record<string, unknown>;

    expect(consoleLinks(parseEvent(withoutArn, 'detail'))).toBeUndefined();
  });
});
