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
