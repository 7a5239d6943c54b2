import type { CliOutput } from './output.js';

/** Prints rows as columns padded to their widest cell, the first row being the header. */
export function printTable(rows: string[][], out: CliOutput): void {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  for (const row of rows)
    out.result(
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    );
}
