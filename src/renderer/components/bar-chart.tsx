/** One bar of the chart: a label under it and the value it stands for (already formatted in `text`). */
export type Bar = { readonly key: string; readonly label: string; readonly value: number; readonly text: string; readonly color?: string };

/**
 * Plain SVG bars, scaled to the largest absolute value; negative values (credit notes outweighing
 * a day's invoices) hang below the base line. The figures themselves are in the table beside it;
 * the picture only shows the shape.
 */
export function BarChart({ bars, height = 180, title, testId, labelEvery = 1, wide = false }: { readonly bars: readonly Bar[]; readonly height?: number; readonly title: string; readonly testId?: string; readonly labelEvery?: number; readonly wide?: boolean }) {
  const max = Math.max(1, ...bars.map((b) => Math.abs(b.value)));
  const hasNegative = bars.some((b) => b.value < 0);
  // Few bars with long labels (aging buckets) get wide slots; many days get narrow ones.
  const slot = wide ? 110 : 28;
  const width = Math.max(bars.length * slot, 200);
  const plot = height - 36;
  const base = hasNegative ? plot / 2 : plot;
  const scale = (hasNegative ? plot / 2 : plot) - 4;
  return (
    <svg role="img" aria-label={title} data-testid={testId} viewBox={`0 0 ${width} ${height}`} width="100%" height={height} preserveAspectRatio="xMinYMid meet" style={{ display: 'block' }}>
      <title>{title}</title>
      <line x1={0} x2={width} y1={base} y2={base} stroke="#bbb" />
      {bars.map((b, i) => {
        const h = (Math.abs(b.value) / max) * scale;
        const x = i * slot + 5;
        const y = b.value >= 0 ? base - h : base;
        return (
          <g key={b.key} data-bar={b.key} data-value={b.value}>
            <rect x={x} y={y} width={slot - 10} height={Math.max(h, b.value === 0 ? 0 : 1)} fill={b.color ?? (b.value < 0 ? '#c2410c' : '#1f6f5c')} rx={2}>
              <title>{`${b.label}: ${b.text}`}</title>
            </rect>
            {i % labelEvery === 0 && (
              <text x={x + (slot - 10) / 2} y={height - 20} fontSize={10} textAnchor="middle" fill="#666">
                {b.label}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
