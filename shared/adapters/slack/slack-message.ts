import type { ContextBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';
import type { AlertMessage } from '#core/alerts/index.js';

/** What Slack accepts in one message (docs.slack.dev, Block Kit reference). */
export const SLACK_LIMITS = {
  blocks: 50,
  headerChars: 150,
  sectionChars: 3000,
  fieldChars: 2000,
  fields: 10,
  contextElements: 10,
  /** The notification text; Slack truncates longer ones itself, so keep it to one line. */
  fallbackChars: 300,
} as const;

/** An incoming-webhook payload: blocks, and the plain text notifications and screen readers use. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly KnownBlock[];
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Text escaped for Slack mrkdwn (`&`, `<` and `>` become entities, so nothing in a job's reason can
 * form a link or a mention) and cut to at most `max` characters of output, never inside an entity
 * or a surrogate pair; a cut text ends with `…`.
 */
export function escapeMrkdwn(text: string, max: number): string {
  let out = '';
  for (const char of text) {
    const piece = ENTITIES[char] ?? char;
    if (out.length + piece.length > max - 1) return `${out}…`;
    out += piece;
  }
  return out;
}

/** Text cut to `max` characters for a plain_text element (no escaping there). */
function plain(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Reason text inside a code block: backticks would end it, so they become a similar quote. */
function codeBlock(text: string, max: number): string {
  return `\`\`\`${escapeMrkdwn(text.replaceAll('`', 'ˋ'), max - 6)}\`\`\``;
}

const SEVERITY_MARK: Readonly<Record<AlertMessage['severity'], string>> = {
  critical: ':red_circle:',
  warning: ':large_orange_circle:',
  info: ':large_blue_circle:',
};

function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: escapeLimit(text) } };
}

/** Section text is built from escaped pieces; this only enforces the limit. */
function escapeLimit(text: string): string {
  return text.length <= SLACK_LIMITS.sectionChars ? text : `${text.slice(0, SLACK_LIMITS.sectionChars - 1)}…`;
}

function jobLine(message: AlertMessage): string | undefined {
  if (message.jobId === undefined && message.jobName === undefined) return undefined;
  const name = escapeMrkdwn(message.jobName ?? message.jobId ?? '', 200);
  const id = message.jobId === undefined ? '' : ` (\`${escapeMrkdwn(message.jobId, 200)}\`)`;
  const link = message.links?.job;
  const shown = link === undefined ? `*${name}*` : `<${escapeMrkdwn(link, 1000)}|*${name}*>`;
  const logs = message.links?.logs === undefined ? '' : ` · <${escapeMrkdwn(message.links.logs, 1000)}|logs>`;
  return `*Job* ${shown}${id}${logs}`;
}

function factsFields(message: AlertMessage): SectionBlock['fields'] {
  const facts: string[] = [];
  // The queue's name: an ARN's account and region add nothing in a channel of this account.
  if (message.jobQueue !== undefined) {
    facts.push(`*Queue*\n${escapeMrkdwn(message.jobQueue.split('/').at(-1) ?? message.jobQueue, 300)}`);
  }
  if (message.jobDefinition !== undefined)
    facts.push(`*Job definition*\n${escapeMrkdwn(message.jobDefinition, 300)}`);
  if (message.failureClass !== undefined) facts.push(`*Class*\n${message.failureClass}`);
  const counts = Object.entries(message.counts ?? {});
  if (counts.length > 0) facts.push(`*Attempts*\n${counts.map(([c, n]) => `${c} ${n}`).join(', ')}`);
  if (message.decision !== undefined) facts.push(`*Decision*\n${escapeMrkdwn(message.decision, 1500)}`);
  if (message.policy !== undefined) facts.push(`*Policy*\n${escapeMrkdwn(message.policy, 300)}`);
  return facts.slice(0, SLACK_LIMITS.fields).map((text) => ({ type: 'mrkdwn', text }));
}

function digestSection(message: AlertMessage): SectionBlock | undefined {
  const digest = message.digest;
  if (digest === undefined) return undefined;
  const queues = Object.entries(digest.byQueue)
    .sort(([, a], [, b]) => b - a)
    .slice(0, 20)
    .map(([queue, n]) => `${escapeMrkdwn(queue, 200)}: ${n}`)
    .join(', ');
  const samples = digest.sampleJobIds.map((id) => `\`${escapeMrkdwn(id, 200)}\``).join(', ');
  const causes = (digest.causes ?? [])
    .slice(0, 20)
    .map((cause) => `• ${cause.count} x ${escapeMrkdwn(cause.title, 200)}`)
    .join('\n');
  return section(
    `*${digest.count} alerts* from ${digest.from} to ${digest.to}` +
      `${causes === '' ? '' : `\n${causes}`}` +
      `${queues === '' ? '' : `\n*Per queue* ${queues}`}${samples === '' ? '' : `\n*Some of the jobs* ${samples}`}`,
  );
}

/**
 * The Slack message for an alert: a header with the headline, the job with links to its console
 * page and log stream, the queue, job definition, class, attempts per class, decision and policy, the
 * reason as AWS wrote it, a digest's counts and sample job ids, the next step, and a context line.
 * Every text is escaped for mrkdwn and cut to Slack's limits, so a message is never refused for size.
 */
export function slackMessage(message: AlertMessage): SlackMessage {
  const header: HeaderBlock = {
    type: 'header',
    text: { type: 'plain_text', text: plain(message.title, SLACK_LIMITS.headerChars), emoji: true },
  };
  const blocks: KnownBlock[] = [header];
  const job = jobLine(message);
  const fields = factsFields(message);
  if (job !== undefined || (fields?.length ?? 0) > 0) {
    blocks.push({
      type: 'section',
      ...(job === undefined ? {} : { text: { type: 'mrkdwn', text: job } }),
      ...((fields?.length ?? 0) > 0 ? { fields } : {}),
    } as SectionBlock);
  }
  if (message.reason !== undefined) blocks.push(section(`*Reason*\n${codeBlock(message.reason, 2800)}`));
  const digest = digestSection(message);
  if (digest !== undefined) blocks.push(digest);
  blocks.push(section(`*Next* ${escapeMrkdwn(message.next, 2900)}`));
  const context: ContextBlock = {
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: `${SEVERITY_MARK[message.severity]} ${message.kind} · ${message.at} · batch-retry`,
      },
    ],
  };
  blocks.push(context);
  return {
    text: escapeMrkdwn(`${message.kind}: ${message.title}`, SLACK_LIMITS.fallbackChars),
    blocks: blocks.slice(0, SLACK_LIMITS.blocks),
  };
}
