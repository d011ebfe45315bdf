import { fitText } from './kit/index.js';

/** How a column's cells are padded to its width. */
export type Align = 'left' | 'right';

export interface TableLayout {
  /** Per column; columns without an entry are left-aligned. */
  readonly align?: readonly Align[];
  /** Pad the last column too (right-aligned numbers); by default it is left as is, so lines do not end in spaces. */
  readonly padLast?: boolean;
}

/**
 * The width of each column: the longest cell in it. A loop, not `Math.max(...cells)`, so any number
 * of rows fits (spreading a large array overflows the call stack).
 */
export function columnWidths(rows: Iterable<readonly string[]>): number[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => {
      if (cell.length > (widths[column] ?? 0)) widths[column] = cell.length;
    });
  }
  return widths;
}

/** One row with each cell padded to its column's width, two spaces between columns. */
export function formatRow(
  cells: readonly string[],
  widths: readonly number[],
  layout: TableLayout = {},
): string {
  return cells
    .map((cell, column) => {
      if (column === cells.length - 1 && layout.padLast !== true) return cell;
      const width = widths[column] ?? 0;
      return layout.align?.[column] === 'right' ? cell.padStart(width) : cell.padEnd(width);
    })
    .join('  ');
}

/** Every row of a table (header included, if it has one), aligned on the widest cell of each column. */
export function formatTable(rows: readonly (readonly string[])[], layout: TableLayout = {}): string[] {
  const widths = columnWidths(rows);
  return rows.map((row) => formatRow(row, widths, layout));
}

/** Rows a {@link StreamingTable} holds back to size its columns. */
const SIZING_ROWS = 1_000;

/** The last column keeps at least this many characters when a row is cut to fit. */
const MIN_LAST_COLUMN = 12;

/**
 * A table printed as its rows come, in bounded memory: the columns are sized on the header and the
 * first 1,000 rows, then every row is written at once (a later, wider cell pushes its row's next
 * columns right instead of resizing the table). With `width`, the last column (free text such as
 * evidence) is cut so that the row fits; the other columns are never cut.
 */
export class StreamingTable {
  readonly #header: readonly string[];
  readonly #write: (line: string) => Promise<void>;
  readonly #layout: TableLayout;
  readonly #width: number | undefined;
  #held: string[][] | undefined = [];
  #widths: number[] = [];

  constructor(
    header: readonly string[],
    write: (line: string) => Promise<void>,
    options: { readonly layout?: TableLayout; readonly width?: number | undefined } = {},
  ) {
    this.#header = header;
    this.#write = write;
    this.#layout = options.layout ?? {};
    this.#width = options.width;
  }

  /** Adds a row; it is printed once the columns are sized. */
  async add(row: readonly string[]): Promise<void> {
    if (this.#held === undefined) {
      await this.#line(row);
      return;
    }
    this.#held.push([...row]);
    if (this.#held.length >= SIZING_ROWS) await this.#flush();
  }

  /** Prints the rows still held (and the header, when any row was added). */
  async end(): Promise<void> {
    await this.#flush();
  }

  async #flush(): Promise<void> {
    const held = this.#held;
    if (held === undefined) return;
    this.#held = undefined;
    if (held.length === 0) return;
    this.#widths = columnWidths([this.#header, ...held]);
    await this.#line(this.#header);
    for (const row of held) await this.#line(row);
  }

  async #line(row: readonly string[]): Promise<void> {
    const line = formatRow(row, this.#widths, this.#layout);
    const width = this.#width;
    if (width === undefined || line.length <= width || row.length === 0) {
      await this.#write(line);
      return;
    }
    const last = row[row.length - 1] ?? '';
    const keep = Math.max(MIN_LAST_COLUMN, last.length - (line.length - width));
    await this.#write(formatRow([...row.slice(0, -1), fitText(last, keep)], this.#widths, this.#layout));
  }
}
