// Renders a Vega-Lite chart to an inline SVG string in Node: Vega-Lite compiles the spec to
// Vega, a headless Vega view (renderer 'none': no DOM, no canvas, no network) writes SVG.
// Vega escapes every text it writes. Its element ids come from a process-wide counter, so they
// are renumbered per chart: the same report renders to the same bytes in any process.
import type { TopLevelSpec } from 'vega-lite';

type VegaModules = [typeof import('vega'), typeof import('vega-lite')];
let modules: Promise<VegaModules> | undefined;

/** Vega is loaded on first use only: commands that write no HTML never pay for it. */
function loadVega(): Promise<VegaModules> {
  modules ??= Promise.all([import('vega'), import('vega-lite')]);
  return modules;
}

const CONFIG = {
  font: 'system-ui, sans-serif',
  background: 'white',
  view: { stroke: '#d0d7de' },
  axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 220 },
  title: { fontSize: 14, anchor: 'start' as const },
};

/** Gives every id of the SVG a chart-local name and rewrites its references to match. */
export function renumberIds(svg: string, prefix: string): string {
  const names = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g))
    if (!names.has(m[1])) names.set(m[1], `${prefix}-${names.size + 1}`);
  if (names.size === 0) return svg;
  return svg.replace(
    /(\sid="|url\(#|href="#)([^")]+)/g,
    (_all, head: string, name: string) => `${head}${names.get(name) ?? name}`,
  );
}

/** One chart as an `<svg>` element; `id` must be unique within the page. */
export async function renderChart(spec: TopLevelSpec, id: string): Promise<string> {
  const [vega, vegaLite] = await loadVega();
  const config: Record<string, unknown> = { ...CONFIG };
  for (const [key, value] of Object.entries(spec.config ?? {}))
    config[key] =
      typeof value === 'object' && value !== null ? { ...(config[key] as object), ...value } : value;
  const compiled = vegaLite.compile({ ...spec, config } as TopLevelSpec, {
    logger: vega.logger(vega.Error) as never,
  }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
  try {
    const svg = await view.toSVG();
    // role/aria-label let screen readers and tests find the chart by its id.
    return renumberIds(svg, id).replace('<svg ', `<svg id="${id}" role="img" aria-label="${id}" `);
  } finally {
    view.finalize();
  }
}
