import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One answer the stand-in gives: a status, optional headers and body, optionally after a delay. */
export interface StandInAnswer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly delayMs?: number;
}

/** A local HTTP server on 127.0.0.1 standing in for a Slack incoming webhook. */
export interface SlackStandIn {
  /** The webhook URL: http://127.0.0.1:<port>/services/T000/B000/<secret>. */
  readonly url: string;
  /** The secret part of the URL, which must never be logged. */
  readonly secret: string;
  /** Every request's JSON body, in order. */
  readonly received: unknown[];
  /** Answers for the next requests, in order; afterwards every request gets 200 "ok". */
  answer(...answers: StandInAnswer[]): void;
  close(): Promise<void>;
}

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts a Slack webhook stand-in on a free port of 127.0.0.1. */
export async function startSlackStandIn(): Promise<SlackStandIn> {
  const secret = `xoxsecret${Math.random().toString(36).slice(2, 12)}`;
  const received: unknown[] = [];
  const answers: StandInAnswer[] = [];
  const server: Server = createServer(async (request, response) => {
    received.push(JSON.parse(await body(request)));
    const answer = answers.shift() ?? { status: 200, body: 'ok' };
    if (answer.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    if (response.destroyed) return;
    response.writeHead(answer.status, answer.headers ?? { 'content-type': 'text/plain' });
    response.end(answer.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/T000/B000/${secret}`,
    secret,
    received,
    answer: (...next) => answers.push(...next),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
