import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Parameter } from '@aws-sdk/client-ssm';

/** One request the stand-in answered: the service, the operation and its input as sent. */
export interface RecordedCall {
  readonly service: 'batch' | 'sqs' | 'sns' | 'ssm';
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

/** What the stand-in serves: the policies in SSM and the jobs Batch knows (their DescribeJobs details). */
export interface StandInWorld {
  parameters: Parameter[];
  jobs: Record<string, unknown>[];
}

export interface AwsStandIn {
  /** `http://127.0.0.1:<port>`, for `AWS_ENDPOINT_URL_BATCH`, `_SQS`, `_SNS` and `_SSM`. */
  readonly endpoint: string;
  readonly calls: RecordedCall[];
  readonly world: StandInWorld;
  stop(): Promise<void>;
}

type Answer = { status?: number; json?: unknown; xml?: string };

/**
 * A local HTTP stand-in for the AWS APIs the functions call, speaking each service's wire protocol
 * as the SDK v3 clients send it: Batch (REST JSON: SubmitJob, DescribeJobs, ListJobs, TagResource,
 * DescribeJobQueues), SQS (JSON 1.0: SendMessage, SendMessageBatch, with the MD5 the client
 * checks), SSM (JSON 1.1: GetParametersByPath, GetParameterHistory, GetParameter) and SNS (query:
 * Publish). It records every call and answers from {@link StandInWorld}; an operation it does not
 * know is answered with a 400 that names it, so a test fails loudly.
 */
export async function startAwsStandIn(world: StandInWorld): Promise<AwsStandIn> {
  const calls: RecordedCall[] = [];
  let submitted = 0;
  const batch = (operation: string, input: Record<string, unknown>): Answer => {
    switch (operation) {
      case 'submitjob': {
        submitted += 1;
        const jobId = `5ab00000-0000-4000-8000-${String(submitted).padStart(12, '0')}`;
        return {
          json: {
            jobId,
            jobName: input.jobName,
            jobArn: `arn:aws:batch:us-east-1:123456789012:job/${jobId}`,
          },
        };
      }
      case 'describejobs':
        return {
          json: { jobs: world.jobs.filter((job) => (input.jobs as string[]).includes(String(job.jobId))) },
        };
      case 'listjobs': {
        const failed =
          input.jobStatus === 'FAILED' ? world.jobs.filter((job) => job.status === 'FAILED') : [];
        return {
          json: {
            jobSummaryList: failed.map(({ jobId, jobName, createdAt, stoppedAt, status }) => ({
              jobId,
              jobName,
              createdAt,
              stoppedAt,
              status,
            })),
          },
        };
      }
      case 'tags':
        return { json: {} };
      case 'describejobqueues':
        return { json: { jobQueues: [] } };
      default:
        return unknown('batch', operation);
    }
  };
  const sqs = (operation: string, input: Record<string, unknown>): Answer => {
    const md5 = (text: unknown) => createHash('md5').update(String(text)).digest('hex');
    if (operation === 'SendMessage')
      return { json: { MessageId: randomUUID(), MD5OfMessageBody: md5(input.MessageBody) } };
    if (operation === 'SendMessageBatch') {
      const entries = input.Entries as { Id: string; MessageBody: string }[];
      return {
        json: {
          Successful: entries.map((e) => ({
            Id: e.Id,
            MessageId: randomUUID(),
            MD5OfMessageBody: md5(e.MessageBody),
          })),
          Failed: [],
        },
      };
    }
    return unknown('sqs', operation);
  };
  const ssm = (operation: string, input: Record<string, unknown>): Answer => {
    if (operation === 'GetParametersByPath') {
      const path = `${String(input.Path).replace(/\/$/, '')}/`;
      return { json: { Parameters: world.parameters.filter((p) => p.Name?.startsWith(path)) } };
    }
    if (operation === 'GetParameterHistory') return { json: { Parameters: [] } };
    if (operation === 'GetParameter') {
      const found = world.parameters.find((p) => p.Name === input.Name);
      return found === undefined
        ? { status: 400, json: { __type: 'ParameterNotFound', message: String(input.Name) } }
        : { json: { Parameter: found } };
    }
    return unknown('ssm', operation);
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const target = String(request.headers['x-amz-target'] ?? '');
      let answer: Answer;
      if (target.startsWith('AmazonSQS.') || target.startsWith('AmazonSSM.')) {
        const [prefix, operation = ''] = target.split('.');
        const input = JSON.parse(text || '{}') as Record<string, unknown>;
        const service = prefix === 'AmazonSQS' ? 'sqs' : 'ssm';
        calls.push({ service, operation, input });
        answer = service === 'sqs' ? sqs(operation, input) : ssm(operation, input);
      } else if (request.url?.startsWith('/v1/')) {
        const operation = request.url.slice(4).split('/')[0] ?? '';
        const input = JSON.parse(text || '{}') as Record<string, unknown>;
        calls.push({
          service: 'batch',
          operation,
          input:
            operation === 'tags'
              ? { resourceArn: decodeURIComponent(request.url.slice(9)), ...input }
              : input,
        });
        answer = batch(operation, input);
      } else {
        const input = Object.fromEntries(new URLSearchParams(text));
        calls.push({ service: 'sns', operation: String(input.Action), input });
        answer =
          input.Action === 'Publish'
            ? {
                xml: `<PublishResponse><PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
              }
            : unknown('sns', String(input.Action));
      }
      const body = answer.xml ?? JSON.stringify(answer.json ?? {});
      response.writeHead(answer.status ?? 200, {
        'content-type': answer.xml === undefined ? 'application/x-amz-json-1.0' : 'text/xml',
        'x-amzn-requestid': randomUUID(),
      });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    world,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function unknown(service: string, operation: string): Answer {
  return {
    status: 400,
    json: {
      __type: 'UnknownOperationException',
      message: `the ${service} stand-in does not answer ${operation}`,
    },
  };
}
