import React from 'react';

// Charts drawn as plain SVG: two small components cost less than any charting library's bundle,
// and each chart carries a text alternative (its title and a table beside it).

const palette = ['#4268f6', '#38a169', '#f0a500', '#e0464c', '#805ad5', '#319795'];

/** Columns per day (or any labels) for one or more series, with the largest value as the scale. */
export function ColumnChart({
  title,
  labels,
  series,
  testId,
}: {
  title: string;
  labels: string[];
  series: { name: string; values: number[] }[];
  testId: string;
}) {
  const width = 760;
  const height = 220;
  const top = 12;
  const bottom = 36;
  const left = 36;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const slot = (width - left) / Math.max(1, labels.length);
  const bar = Math.max(1, (slot * 0.8) / series.length);
  const y = (v: number) => top + (height - top - bottom) * (1 - v / max);
  const every = Math.ceil(labels.length / 12);
  return (
    <figure style={{ margin: '0 0 16px' }} data-testid={testId}>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={title}>
        <title>{title}</title>
        <line x1={left} x2={width} y1={y(0)} y2={y(0)} stroke="#9aa5b1" />
        <text x={left - 4} y={y(max) + 4} textAnchor="end" fontSize="11">
          {max}
        </text>
        <text x={left - 4} y={y(0)} textAnchor="end" fontSize="11">
          0
        </text>
        {labels.map((label, i) => (
          <g key={label}>
            {series.map((s, j) => (
              <rect
                key={s.name}
                x={left + i * slot + slot * 0.1 + j * bar}
                y={y(s.values[i] ?? 0)}
                width={bar}
                height={y(0) - y(s.values[i] ?? 0)}
                fill={palette[j % palette.length]}
              >
                <title>{`${label} · ${s.name}: ${s.values[i] ?? 0}`}</title>
              </rect>
            ))}
            {i % every === 0 && (
              <text x={left + i * slot + slot / 2} y={height - bottom + 14} textAnchor="middle" fontSize="10">
                {label.length > 8 ? label.slice(5) : label}
              </text>
            )}
          </g>
        ))}
      </svg>
      <figcaption style={{ display: 'flex', gap: 16, fontSize: 12 }}>
        {series.map((s, j) => (
          <span key={s.name}>
            <span
              style={{
                display: 'inline-block',
                width: 10,
                height: 10,
                background: palette[j % palette.length],
                marginRight: 4,
              }}
            />
            {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** Horizontal bars, one per row, scaled to the largest value (or to `max`). */
export function BarList({
  rows,
  max,
  testId,
}: {
  rows: { label: string; value: number; note?: string }[];
  max?: number;
  testId: string;
}) {
  const top = max ?? Math.max(1, ...rows.map((r) => r.value));
  return (
    <div data-testid={testId}>
      {rows.map((r, i) => (
        <div key={r.label} style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 4 }}>
          <span style={{ width: 180, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
            {r.label}
          </span>
          <svg width="50%" height="14" aria-hidden="true">
            <rect
              width={`${Math.max(0.5, (r.value / top) * 100)}%`}
              height="14"
              rx="3"
              fill={palette[i % palette.length]}
            />
          </svg>
          <span>{r.note ?? String(r.value)}</span>
        </div>
      ))}
      {rows.length === 0 && <span>Nothing in this range.</span>}
    </div>
  );
}

/** A plain table: the figures behind a chart, and the breakdowns. */
export function FigureTable({ head, rows, testId }: { head: string[]; rows: (string | number)[][]; testId: string }) {
  return (
    <table data-testid={testId} style={{ borderCollapse: 'collapse', marginBottom: 16, minWidth: 360 }}>
      <thead>
        <tr>
          {head.map((h) => (
            <th key={h} style={{ textAlign: 'left', borderBottom: '1px solid #c4cad3', padding: '4px 12px 4px 0' }}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={i}>
            {row.map((cell, j) => (
              <td key={j} style={{ padding: '3px 12px 3px 0' }}>
                {cell}
              </td>
            ))}
          </tr>
        ))}
        {rows.length === 0 && (
          <tr>
            <td colSpan={head.length}>Nothing in this range.</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
