/** One top-level item found by {@link JsonValueScanner}: the text of a JSON value, or why there is none. */
export type ScannedItem =
  | { readonly kind: 'value'; readonly text: string; readonly line: number }
  | { readonly kind: 'bad'; readonly problem: string; readonly line: number };

/** Largest single value kept in memory, in characters (an EventBridge event is at most 256 KB). */
export const MAX_VALUE_CHARS = 4 * 1024 * 1024;
/** `2024-05-01T12:00:00.000Z ` as CloudWatch Logs exports write it before each message. */
const TIMESTAMP_PREFIX = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?\s+$/;
/** Prefixes longer than this are not timestamps (the longest ISO-8601 form is about 35 characters). */
const MAX_TIMESTAMP_CHARS = 64;

const NEWLINE = 10;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

/**
 * - `between`: waiting for the next item;
 * - `value`: inside an object or array (depth tracked);
 * - `scalar`: inside a non-object element of the top-level array;
 * - `line`: top-level text that does not start like JSON (a timestamp prefix, or garbage).
 */
type Mode = 'between' | 'value' | 'scalar' | 'line';
type Step = 'continue' | 'end-after' | 'end-before' | 'broken';

/**
 * Splits a stream of text into top-level JSON values without parsing them, holding at most one
 * value in memory. Understands one value (pretty-printed or not), a top-level array (each element is
 * an item), JSON lines, and CloudWatch Logs export lines (an ISO-8601 timestamp, then the JSON).
 * Strings and escapes are tracked across chunk boundaries.
 *
 * Recovery: a raw line break inside a string (never valid JSON) ends the broken value at that line,
 * and so does a line break inside an unclosed value once the input has shown itself to be JSON lines
 * (its first value fitted on one line). Scanning then goes on with the next line.
 */
export class JsonValueScanner {
  private mode: Mode = 'between';
  private inArray = false;
  private sawItem = false;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private parts: string[] = [];
  private size = 0;
  private overflow = false;
  private valueHasNewline = false;
  private linesMode: boolean | undefined;
  private line = 1;
  private startLine = 1;

  /** Feeds the next piece of text and returns the items it completed. */
  push(text: string): ScannedItem[] {
    const out: ScannedItem[] = [];
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === NEWLINE) this.line++;
      if (this.mode === 'value' || this.mode === 'scalar') {
        const step = this.mode === 'value' ? this.stepValue(ch) : this.stepScalar(ch);
        if (step === 'continue') continue;
        if (step === 'broken') {
          this.discard();
          out.push(this.bad('is not complete JSON when its line ends (a bracket or a quote is not closed)'));
          continue;
        }
        out.push(this.finish(this.take(text, start, step === 'end-after' ? i + 1 : i)));
        if (step === 'end-after') continue;
      } else if (this.mode === 'line') {
        if (ch === NEWLINE) {
          out.push(this.finishLine(this.take(text, start, i)));
          continue;
        }
        if ((ch === OPEN_BRACE || ch === OPEN_BRACKET) && this.size + (i - start) <= MAX_TIMESTAMP_CHARS) {
          const prefix = this.take(text, start, i);
          start = i;
          if (TIMESTAMP_PREFIX.test(prefix)) this.beginValue();
          else this.keep(prefix);
        }
        continue;
      }
      // mode === 'between'
      if (isSpace(ch) || (this.inArray && ch === COMMA)) continue;
      start = i;
      if (this.inArray && ch === CLOSE_BRACKET) this.inArray = false;
      else if (ch === OPEN_BRACKET && !this.sawItem) this.inArray = true;
      else if (ch === OPEN_BRACE || ch === OPEN_BRACKET) this.beginValue();
      else if (this.inArray) this.begin('scalar', ch === QUOTE);
      else this.begin('line', false);
      this.sawItem = true;
    }
    if (this.mode !== 'between') this.keep(text.slice(start));
    return out;
  }

  /** Signals the end of the input; returns the last item and anything left open, as problems. */
  end(): ScannedItem[] {
    const out: ScannedItem[] = [];
    if (this.mode === 'value') {
      this.discard();
      out.push(this.bad('ends in the middle of a JSON value (a bracket or a quote is not closed)'));
    } else if (this.mode === 'scalar') {
      out.push(this.finish(this.take('', 0, 0)));
    } else if (this.mode === 'line') {
      out.push(this.finishLine(this.take('', 0, 0)));
    }
    if (this.inArray) {
      this.inArray = false;
      out.push({ kind: 'bad', problem: 'the list of events is not closed with "]"', line: this.line });
    }
    return out;
  }

  private begin(mode: Mode, inString: boolean): void {
    this.mode = mode;
    this.depth = 0;
    this.inString = inString;
    this.escaped = false;
    this.parts = [];
    this.size = 0;
    this.overflow = false;
    this.valueHasNewline = false;
    this.startLine = this.line;
  }

  /** Starts an object or array; the caller has consumed its opening bracket. */
  private beginValue(): void {
    this.begin('value', false);
    this.depth = 1;
  }

  private stepValue(ch: number): Step {
    if (ch === NEWLINE) {
      this.valueHasNewline = true;
      if (this.inString || (this.linesMode === true && !this.inArray)) return 'broken';
    }
    if (this.inString) {
      this.stepString(ch);
    } else if (ch === QUOTE) {
      this.inString = true;
    } else if (ch === OPEN_BRACE || ch === OPEN_BRACKET) {
      this.depth++;
    } else if (ch === CLOSE_BRACE || ch === CLOSE_BRACKET) {
      this.depth--;
      if (this.depth === 0) return 'end-after';
    }
    return 'continue';
  }

  private stepScalar(ch: number): Step {
    if (this.inString && ch !== NEWLINE) {
      this.stepString(ch);
      return 'continue';
    }
    if (ch === QUOTE) this.inString = true;
    else if (isSpace(ch) || ch === COMMA || ch === CLOSE_BRACKET) return 'end-before';
    return 'continue';
  }

  private stepString(ch: number): void {
    if (this.escaped) this.escaped = false;
    else if (ch === BACKSLASH) this.escaped = true;
    else if (ch === QUOTE) this.inString = false;
  }

  private take(text: string, start: number, end: number): string {
    this.keep(text.slice(start, end));
    const joined = this.parts.join('');
    this.parts = [];
    this.size = 0;
    return joined;
  }

  private keep(piece: string): void {
    if (this.overflow || piece === '') return;
    this.size += piece.length;
    if (this.size > MAX_VALUE_CHARS) {
      this.overflow = true;
      this.parts = [];
    } else {
      this.parts.push(piece);
    }
  }

  private discard(): void {
    this.parts = [];
    this.size = 0;
  }

  private finish(text: string): ScannedItem {
    if (!this.inArray && this.linesMode === undefined) this.linesMode = !this.valueHasNewline;
    if (this.overflow) {
      return this.bad(`holds a value longer than ${MAX_VALUE_CHARS} characters; no Batch event is that big`);
    }
    this.mode = 'between';
    return { kind: 'value', text, line: this.startLine };
  }

  private finishLine(text: string): ScannedItem {
    const trimmed = text.trim();
    if (!this.overflow) {
      try {
        JSON.parse(trimmed);
        return this.finish(trimmed);
      } catch {
        // Reported below as a line that is neither JSON nor a CloudWatch Logs export line.
      }
    }
    return this.bad('is not JSON and does not start with an ISO-8601 timestamp followed by JSON');
  }

  private bad(problem: string): ScannedItem {
    this.mode = 'between';
    return { kind: 'bad', problem: `line ${this.startLine} ${problem}`, line: this.startLine };
  }
}

function isSpace(ch: number): boolean {
  return ch === 32 || ch === NEWLINE || ch === 13 || ch === 9 || ch === 0xfeff;
}
