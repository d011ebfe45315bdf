import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { jsonProblem } from '#core/json-problem.js';
import {
  DEFAULT_POLICY_NAME,
  type NativeRetryStrategy,
  nativeRetryStrategySchema,
  POLICY_NAME,
  POLICY_TAG,
  plainIssueMessage,
  policySchema,
  problemsFromIssues,
  rulesFromRetryStrategy,
} from '#core/policy/index.js';
import { readWholeInput } from '../inputs/index.js';
import {
  type CliIo,
  type CommandContext,
  commandAction,
  invalidPolicy,
  type Problem,
  unusableInput,
} from '../kit/index.js';

/** Name of an imported policy when neither `--name` nor a job definition names it. */
const DEFAULT_IMPORT_NAME = 'imported';

/** One retryStrategy to import: where it was found, and the job definition that holds it, if any. */
interface ImportSource {
  readonly source: string;
  readonly value: unknown;
  /** The JSON path of `value` in its source: `retryStrategy` inside a job definition, else ''. */
  readonly at: string;
  readonly definition?: { readonly name: string; readonly revision?: number };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The job definition fields an import uses, when `value` is one. */
function definitionOf(value: unknown): ImportSource['definition'] {
  const fields = record(value);
  if (typeof fields?.jobDefinitionName !== 'string') return undefined;
  const revision = fields.revision;
  return { name: fields.jobDefinitionName, ...(typeof revision === 'number' ? { revision } : {}) };
}

/**
 * What an input holds: `aws batch describe-job-definitions` output (each definition), one job
 * definition, or a bare retryStrategy. A definition without a retryStrategy imports as AWS Batch runs
 * it: one attempt.
 */
function importSources(json: unknown, input: string): ImportSource[] {
  const fields = record(json);
  if (Array.isArray(fields?.jobDefinitions)) {
    return fields.jobDefinitions.map((definition: unknown, index) => ({
      source: `${input}#jobDefinitions[${index}]`,
      value: record(definition)?.retryStrategy,
      at: 'retryStrategy',
      ...withDefinition(definition),
    }));
  }
  if (definitionOf(json) !== undefined || (fields !== undefined && 'retryStrategy' in fields)) {
    return [{ source: input, value: fields?.retryStrategy, at: 'retryStrategy', ...withDefinition(json) }];
  }
  return [{ source: input, value: json, at: '' }];
}

function withDefinition(value: unknown): { definition?: NonNullable<ImportSource['definition']> } {
  const definition = definitionOf(value);
  return definition === undefined ? {} : { definition };
}

/** A policy name from a job definition name: the characters a policy name allows, at most 64. */
function policyNameFor(definition: NonNullable<ImportSource['definition']>, withRevision: boolean): string {
  const base = definition.name.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 60);
  return withRevision && definition.revision !== undefined ? `${base}-r${definition.revision}` : base;
}

interface ImportOptions {
  readonly name?: string;
  readonly outDir?: string;
}

/** The policy documents of an input, one per retryStrategy, with every problem of the input. */
function buildPolicies(
  sources: readonly ImportSource[],
  options: ImportOptions,
  context: CommandContext,
): Record<string, unknown>[] {
  const problems: Problem[] = [];
  const revisionsOf = (name: string) => sources.filter((s) => s.definition?.name === name).length;
  const documents = sources.map(({ source, value, at, definition }) => {
    if (value === undefined && definition !== undefined) {
      context.report.warning({
        input: source,
        problem: `job definition ${definition.name} has no retryStrategy, so AWS Batch makes one attempt and never retries it; the policy imported for it retries nothing`,
      });
    }
    const parsed = nativeRetryStrategySchema().safeParse(value ?? {}, {
      reportInput: true,
      error: plainIssueMessage,
    });
    if (!parsed.success) {
      for (const p of problemsFromIssues(parsed.error.issues)) {
        const path = [at, p.path].filter((part) => part !== '').join(p.path.startsWith('[') ? '' : '.');
        problems.push({ input: source, problem: path === '' ? p.message : `${path}: ${p.message}` });
      }
      return {};
    }
    const name =
      options.name ??
      (definition === undefined
        ? DEFAULT_IMPORT_NAME
        : policyNameFor(definition, revisionsOf(definition.name) > 1));
    return policyDocument(name, parsed.data, source, definition, revisionsOf(definition?.name ?? '') > 1);
  });
  if (problems.length > 0) throw invalidPolicy(problems, 'Nothing was imported.');
  return documents;
}

function policyDocument(
  name: string,
  strategy: NativeRetryStrategy,
  source: string,
  definition: ImportSource['definition'],
  byRevision: boolean,
): Record<string, unknown> {
  const pattern =
    definition === undefined
      ? undefined
      : byRevision && definition.revision !== undefined
        ? `${definition.name}:${definition.revision}`
        : definition.name;
  return {
    schemaVersion: 1,
    name,
    description:
      `Imported from the AWS Batch retryStrategy in ${source}: behaves as Batch would (first matching ` +
      'rule wins, no match means RETRY, attempts count every run), with no wait between attempts.',
    ...(pattern === undefined ? {} : { match: { jobDefinitions: [pattern] } }),
    batchCompatible: true,
    rules: rulesFromRetryStrategy(strategy).map(({ regex: _regex, ...rule }) => rule),
    defaultAction: 'RETRY',
    budgets: { total: strategy.attempts ?? 1 },
    backoff: { strategy: 'fixed', baseSeconds: 0, jitter: 'none' },
    breaker: { enabled: false },
  };
}

async function importPolicies(context: CommandContext, file: string, options: ImportOptions): Promise<void> {
  if (options.name !== undefined && !POLICY_NAME.test(options.name)) {
    throw unusableInput(
      `--name ${JSON.stringify(options.name)}`,
      'must be 1-64 letters, digits, ".", "_" or "-"',
    );
  }
  const { input, text } = await readWholeInput(file, context.io.stdin);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw unusableInput(input, `is not valid JSON: ${jsonProblem(text, error)}`);
  }
  const sources = importSources(json, input);
  if (sources.length === 0)
    throw unusableInput(input, 'jobDefinitions: is empty; there is nothing to import');
  if (options.name !== undefined && sources.length > 1) {
    throw unusableInput(
      `--name ${options.name}`,
      `names one policy, but ${input} holds ${sources.length} job definitions; leave --name out and each is named after its job definition`,
    );
  }
  const documents = buildPolicies(sources, options, context);
  for (const document of documents) {
    const check = policySchema().safeParse(document, { error: plainIssueMessage });
    if (!check.success) {
      throw invalidPolicy(
        problemsFromIssues(check.error.issues).map((p) => ({ input, problem: `${p.path}: ${p.message}` })),
      );
    }
  }
  await emit(context, documents, options);
  const unmatched = documents.find((d) => d.match === undefined && d.name !== DEFAULT_POLICY_NAME);
  if (unmatched !== undefined) context.report.say(unmatchedHint(String(unmatched.name)));
}

/** Prints the policies (one: the document; several: a JSON list), or writes one file each to `outDir`. */
async function emit(
  context: CommandContext,
  documents: readonly Record<string, unknown>[],
  options: ImportOptions,
) {
  const text = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  if (options.outDir === undefined) {
    await context.out.write(text(documents.length === 1 ? documents[0] : documents));
    if (documents.length > 1)
      context.report.say(
        'several policies are printed as a JSON list; --out-dir <folder> writes one file each',
      );
    return;
  }
  await mkdir(options.outDir, { recursive: true });
  for (const document of documents) {
    const path = join(options.outDir, `${String(document.name)}.json`);
    await writeFile(path, text(document));
    await context.out.line(`wrote ${path} (policy ${String(document.name)})`);
  }
}

/** What an imported policy with no `match` governs, and how to widen it; printed on stderr. */
function unmatchedHint(name: string): string {
  return (
    `note: policy ${name} has no "match", so it governs only jobs tagged ${POLICY_TAG}=${name}. ` +
    'To govern jobs by queue, job definition, job name or tag, add a "match" block ' +
    '(e.g. "match": {"jobDefinitions": ["etl-*"]}); to govern every job no other policy matches, ' +
    `import it with --name ${DEFAULT_POLICY_NAME}.`
  );
}

/** Adds `policy import` to the `policy` command. */
export function registerPolicyImportCommand(policy: Command, io: CliIo): void {
  policy
    .command('import')
    .description('turn AWS Batch retryStrategies into policies that behave exactly as Batch does')
    .argument(
      '<file>',
      'a retryStrategy, a job definition, or aws batch describe-job-definitions output; - for stdin',
    )
    .addOption(
      new Option('--name <name>', 'name of the policy').default(
        undefined,
        `the job definition's name, else ${DEFAULT_IMPORT_NAME}`,
      ),
    )
    .addOption(
      new Option('--out-dir <folder>', 'write each policy to <folder>/<name>.json').default(
        undefined,
        'print them',
      ),
    )
    .addHelpText(
      'after',
      '\nA policy imported from a job definition matches that job definition; one imported from a bare\n' +
        `retryStrategy has no "match" and governs only jobs tagged ${POLICY_TAG}=<name> (or every job, named default).`,
    )
    .action(
      commandAction(io, (context, file: string, options: ImportOptions) =>
        importPolicies(context, file, options),
      ),
    );
}
