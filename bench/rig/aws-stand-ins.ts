import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The services the functions call. */
export type AwsService = 'dynamodb' | 'sqs' | 'ssm' | 'batch' | 'sns';

/** One request as it reached the stand-ins, with the capacity DynamoDB would bill for it. */
export interface AwsRequest {
  readonly service: AwsService;
  /** The API operation: `PutItem`, `SendMessageBatch`, `SubmitJob`, ... */
  readonly operation: string;
  /** DynamoDB only: read or write request units, as dynalite computes them from the item sizes. */
  readonly capacityUnits?: number;
}

/** A message a function sent to SQS. */
export interface SentMessage {
  readonly body: string;
  readonly delaySeconds: number;
}

/** A job SubmitJob created: the id the stand-in gave it and the request's fields. */
export interface CreatedJob {
  readonly jobId: string;
  readonly request: Record<string, unknown>;
}

/** An SSM String parameter as GetParametersByPath returns it. */
export interface StoredParameter {
  readonly Name: string;
  readonly Value: string;
  readonly Version: number;
}

/**
 * Local stand-ins for the AWS APIs the functions call, on one HTTP endpoint (point the SDK at it with
 * `AWS_ENDPOINT_URL`): DynamoDB is forwarded to dynalite with `ReturnConsumedCapacity: TOTAL` added,
 * so each request's billed units are known; SQS (JSON protocol) keeps what is sent; SSM serves
 * `parameters`; Batch creates jobs with ids of its own and finds none on ListJobs or DescribeJobs;
 * SNS (query protocol) accepts Publish. Every request is recorded, in order, as it arrived: these are
 * the requests AWS would bill. An operation it does not know answers 400 and is recorded as
 * `unknown:<target>`, so a new call shows up in the counts instead of passing silently.
 */
export class AwsStandIns {
  readonly requests: AwsRequest[] = [];
  readonly sent: SentMessage[] = [];
  readonly created: CreatedJob[] = [];
  parameters: readonly StoredParameter[] = [];
  readonly #server = createServer((req, res) => {
    void this.#handle(req, res).catch((error: unknown) => reply(res, 500, { message: String(error) }));
  });
  readonly #dynamo: URL;

  private constructor(dynamoEndpoint: string) {
    this.#dynamo = new URL(dynamoEndpoint);
  }

  /** Starts the stand-ins on a random port of 127.0.0.1, forwarding DynamoDB to `dynamoEndpoint`. */
  static async start(dynamoEndpoint: string): Promise<AwsStandIns> {
    const standIns = new AwsStandIns(dynamoEndpoint);
    await new Promise<void>((resolve) => standIns.#server.listen(0, '127.0.0.1', resolve));
    return standIns;
  }

  /** `http://127.0.0.1:<port>`. */
  get endpoint(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** The requests since the last call, oldest first. */
  takeRequests(): AwsRequest[] {
    return this.requests.splice(0);
  }

  /** The SQS messages sent since the last call, oldest first. */
  takeSent(): SentMessage[] {
    return this.sent.splice(0);
  }

  /** The jobs created since the last call, oldest first. */
  takeCreated(): CreatedJob[] {
    return this.created.splice(0);
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    const [prefix, operation = ''] = target.split('.');
    if (prefix === 'DynamoDB_20120810') return this.#dynamodb(req, res, operation, body);
    if (prefix === 'AmazonSQS') return this.#sqs(res, operation, body);
    if (prefix === 'AmazonSSM') return this.#ssm(res, operation);
    if (req.url?.startsWith('/v1/')) return this.#batch(res, req.url.slice('/v1/'.length), body);
    const action = new URLSearchParams(body).get('Action');
    if (action === 'Publish') {
      this.requests.push({ service: 'sns', operation: 'Publish' });
      const xml = `<PublishResponse><PublishResult><MessageId>${this.requests.length}</MessageId></PublishResult></PublishResponse>`;
      res.writeHead(200, { 'content-type': 'text/xml' }).end(xml);
      return;
    }
    this.requests.push({ service: 'sns', operation: `unknown:${target || req.url || action}` });
    reply(res, 400, { __type: 'UnknownOperationException', message: `stand-in: ${target || req.url}` });
  }

  async #dynamodb(req: IncomingMessage, res: ServerResponse, operation: string, body: string) {
    const input = JSON.parse(body) as Record<string, unknown>;
    const forwarded = JSON.stringify({ ...input, ReturnConsumedCapacity: 'TOTAL' });
    const headers = { ...req.headers, 'content-length': String(Buffer.byteLength(forwarded)) };
    const answer = await new Promise<{ status: number; headers: IncomingMessage['headers']; body: string }>(
      (resolve, reject) => {
        const out = request(
          { host: this.#dynamo.hostname, port: this.#dynamo.port, method: 'POST', path: '/', headers },
          (response) =>
            void readBody(response).then(
              (text) =>
                resolve({ status: response.statusCode ?? 500, headers: response.headers, body: text }),
              reject,
            ),
        );
        out.on('error', reject);
        out.end(forwarded);
      },
    );
    // A failed condition is billed like the write it would have been; dynalite then reports nothing.
    const consumed =
      answer.status === 200
        ? (JSON.parse(answer.body) as { ConsumedCapacity?: { CapacityUnits?: number } }).ConsumedCapacity
        : undefined;
    this.requests.push({ service: 'dynamodb', operation, capacityUnits: consumed?.CapacityUnits ?? 1 });
    res.writeHead(answer.status, answer.headers).end(answer.body);
  }

  #sqs(res: ServerResponse, operation: string, body: string) {
    this.requests.push({ service: 'sqs', operation });
    const input = JSON.parse(body) as {
      MessageBody?: string;
      DelaySeconds?: number;
      Entries?: { Id: string; MessageBody: string; DelaySeconds?: number }[];
    };
    const keep = (text: string, delaySeconds: number | undefined) => {
      this.sent.push({ body: text, delaySeconds: delaySeconds ?? 0 });
      return { MessageId: `m-${this.sent.length}`, MD5OfMessageBody: md5(text) };
    };
    if (operation === 'SendMessage')
      return reply(res, 200, keep(input.MessageBody ?? '', input.DelaySeconds));
    if (operation === 'SendMessageBatch') {
      const successful = (input.Entries ?? []).map((e) => ({
        Id: e.Id,
        ...keep(e.MessageBody, e.DelaySeconds),
      }));
      return reply(res, 200, { Successful: successful, Failed: [] });
    }
    reply(res, 400, { __type: 'UnsupportedOperation', message: `stand-in: SQS ${operation}` });
  }

  #ssm(res: ServerResponse, operation: string) {
    this.requests.push({ service: 'ssm', operation });
    if (operation === 'GetParametersByPath') {
      return reply(res, 200, { Parameters: this.parameters.map((p) => ({ ...p, Type: 'String' })) });
    }
    if (operation === 'GetParameterHistory') return reply(res, 200, { Parameters: [] });
    reply(res, 400, { __type: 'ValidationException', message: `stand-in: SSM ${operation}` });
  }

  #batch(res: ServerResponse, path: string, body: string) {
    const operation = { submitjob: 'SubmitJob', listjobs: 'ListJobs', describejobs: 'DescribeJobs' }[path];
    this.requests.push({ service: 'batch', operation: operation ?? `unknown:${path}` });
    if (operation === 'SubmitJob') {
      const input = JSON.parse(body) as Record<string, unknown>;
      const jobId = `c41d${String(this.created.length + 1).padStart(8, '0')}-0000-4000-8000-000000000000`;
      this.created.push({ jobId, request: input });
      const jobArn = `arn:aws:batch:us-east-1:123456789012:job/${jobId}`;
      return reply(res, 200, { jobArn, jobName: input.jobName, jobId });
    }
    if (operation === 'ListJobs') return reply(res, 200, { jobSummaryList: [] });
    if (operation === 'DescribeJobs') return reply(res, 200, { jobs: [] });
    reply(res, 400, { __type: 'ClientException', message: `stand-in: Batch ${path}` });
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(body));
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

function readBody(stream: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}
