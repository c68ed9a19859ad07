/**
 * A hand-written SVG chart: latency, server CPU per edit and server memory against the number
 * of clients, one line per server. No packages; any browser opens the file.
 */
import { SERVER_NAMES, type ServerName } from './shared';
import type { Figures } from './stats';

const COLORS: Record<ServerName, string> = { accord: '#D55E00', reference: '#0072B2', hocuspocus: '#009E73' };

interface Panel {
  title: string;
  unit: string;
  /** Logarithmic y axis (latency spans 1 ms to seconds). */
  log?: boolean;
  series: { label: string; server: ServerName; dashed: boolean; pick: (figures: Figures) => number }[];
}

const PANELS: Panel[] = [
  {
    title: 'Propagation latency (solid p99, dashed p50)',
    unit: 'ms (log scale)',
    log: true,
    series: SERVER_NAMES.flatMap((server) => [
      { label: `${server} p99`, server, dashed: false, pick: (f: Figures) => f.p99 },
      { label: `${server} p50`, server, dashed: true, pick: (f: Figures) => f.p50 },
    ]),
  },
  { title: 'Server CPU per delivered edit', unit: 'µs', series: SERVER_NAMES.map((server) => ({ label: server, server, dashed: false, pick: (f: Figures) => f.cpuMicrosPerEdit })) },
  { title: 'Server peak RSS', unit: 'MB', series: SERVER_NAMES.map((server) => ({ label: server, server, dashed: false, pick: (f: Figures) => f.peakRssMb })) },
];

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Rounds up to 1, 2 or 5 times a power of ten, for axis tops. */
function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((step) => step * power >= value) ?? 10) * power;
}

export function renderChart(byStep: Map<number, Partial<Record<ServerName, Figures>>>, subtitle: string): string {
  const steps = [...byStep.keys()];
  const width = 380;
  const height = 300;
  const margin = { left: 58, right: 16, top: 40, bottom: 44 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const x = (index: number) => margin.left + (steps.length === 1 ? plotW / 2 : (index / (steps.length - 1)) * plotW);

  const panels = PANELS.map((panel, panelIndex) => {
    const values = steps.flatMap((clients) =>
      panel.series.map((series) => {
        const figures = byStep.get(clients)?.[series.server];
        return figures ? series.pick(figures) : NaN;
      }),
    );
    const finite = values.filter((value) => Number.isFinite(value) && (!panel.log || value > 0));
    const top = panel.log ? 10 ** Math.ceil(Math.log10(Math.max(10, ...finite))) : niceCeiling(Math.max(0, ...finite) * 1.05);
    const bottom = panel.log ? 10 ** Math.floor(Math.log10(Math.min(top / 10, ...finite))) : 0;
    const y = panel.log
      ? (value: number) => margin.top + plotH - ((Math.log10(Math.max(value, bottom)) - Math.log10(bottom)) / (Math.log10(top) - Math.log10(bottom))) * plotH
      : (value: number) => margin.top + plotH - (value / top) * plotH;
    const ticks = panel.log
      ? Array.from({ length: Math.round(Math.log10(top / bottom)) + 1 }, (_, index) => bottom * 10 ** index)
      : [0, 1, 2, 3, 4].map((tick) => (top / 4) * tick);
    const parts: string[] = [`<g transform="translate(${panelIndex * width},0)">`];
    parts.push(`<text x="${margin.left}" y="22" font-size="13" font-weight="bold">${escape(panel.title)}</text>`);
    for (const value of ticks) {
      parts.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${y(value)}" y2="${y(value)}" stroke="#ddd"/>`);
      parts.push(`<text x="${margin.left - 6}" y="${y(value) + 4}" font-size="11" text-anchor="end">${+value.toPrecision(3)}</text>`);
    }
    parts.push(`<text x="14" y="${margin.top + plotH / 2}" font-size="11" transform="rotate(-90 14 ${margin.top + plotH / 2})" text-anchor="middle">${escape(panel.unit)}</text>`);
    steps.forEach((clients, index) => {
      parts.push(`<text x="${x(index)}" y="${margin.top + plotH + 16}" font-size="11" text-anchor="middle">${clients}</text>`);
    });
    parts.push(`<text x="${margin.left + plotW / 2}" y="${height - 8}" font-size="11" text-anchor="middle">clients</text>`);
    for (const series of panel.series) {
      const points = steps
        .map((clients, index) => {
          const figures = byStep.get(clients)?.[series.server];
          const value = figures ? series.pick(figures) : NaN;
          return Number.isFinite(value) ? `${x(index).toFixed(1)},${y(value).toFixed(1)}` : null;
        })
        .filter((point): point is string => point !== null);
      if (points.length === 0) continue;
      const dash = series.dashed ? ' stroke-dasharray="5 4"' : '';
      parts.push(`<polyline fill="none" stroke="${COLORS[series.server]}" stroke-width="2"${dash} points="${points.join(' ')}"><title>${escape(series.label)}</title></polyline>`);
      for (const point of points) {
        const [cx, cy] = point.split(',');
        parts.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${COLORS[series.server]}"/>`);
      }
    }
    parts.push('</g>');
    return parts.join('\n');
  });

  const legend = SERVER_NAMES.map(
    (server, index) =>
      `<g transform="translate(${margin.left + index * 150},${height + 10})"><rect width="14" height="4" y="-4" fill="${COLORS[server]}"/><text x="20" y="0" font-size="12">${server}</text></g>`,
  ).join('\n');
  const totalWidth = width * PANELS.length;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${totalWidth}" height="${height + 44}" viewBox="0 0 ${totalWidth} ${height + 44}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...panels,
    legend,
    `<text x="${totalWidth - 10}" y="${height + 34}" font-size="10" text-anchor="end" fill="#666">${escape(subtitle)}</text>`,
    '</svg>',
  ].join('\n');
}
