// The accuracy panel's plot: a histogram of distance errors on a log scale, the cumulative share
// of photos within each distance, and the papers' thresholds, as SVG coordinates.
import { ACCURACY_THRESHOLDS } from '../geo/metrics';

export interface PlotBox {
  readonly width: number;
  readonly height: number;
  /** Room left for the axes' labels. */
  readonly left: number;
  readonly bottom: number;
  readonly top: number;
  readonly right: number;
}

export interface PlotBar {
  readonly fromKm: number;
  readonly toKm: number;
  readonly count: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PlotLine {
  readonly km: number;
  readonly label: string;
  /** Share of photos within this distance, 0-100. */
  readonly percent: number;
  readonly x: number;
}

export interface ErrorPlot {
  readonly bars: readonly PlotBar[];
  /** SVG path of the cumulative share (0 at the bottom, 100 % at the top). */
  readonly cdfPath: string;
  readonly thresholds: readonly PlotLine[];
  readonly maxCount: number;
  /** Tick marks for the distance axis. */
  readonly ticks: readonly { readonly km: number; readonly x: number; readonly label: string }[];
}

/** The axis runs from 0.1 km to 20,000 km (about half the Earth's circumference). */
export const PLOT_MIN_KM = 0.1;
export const PLOT_MAX_KM = 20_000;
const DECADES = Math.log10(PLOT_MAX_KM / PLOT_MIN_KM);
const BINS_PER_DECADE = 2;

function xOf(km: number, box: PlotBox): number {
  const clamped = Math.min(PLOT_MAX_KM, Math.max(PLOT_MIN_KM, km));
  const share = Math.log10(clamped / PLOT_MIN_KM) / DECADES;
  return box.left + share * (box.width - box.left - box.right);
}

const round = (v: number) => Math.round(v * 10) / 10;

export function errorPlot(distancesKm: readonly number[], box: PlotBox): ErrorPlot {
  const plotHeight = box.height - box.top - box.bottom;
  const baseline = box.height - box.bottom;
  const binCount = Math.ceil(DECADES * BINS_PER_DECADE);
  const edges = Array.from({ length: binCount + 1 }, (_, i) => Math.min(PLOT_MAX_KM, PLOT_MIN_KM * 10 ** (i / BINS_PER_DECADE)));
  const counts = new Array<number>(binCount).fill(0);
  for (const d of distancesKm) {
    // Errors under 0.1 km go in the first bar and over 20,000 km in the last.
    const bin = Math.floor(Math.log10(Math.max(d, PLOT_MIN_KM) / PLOT_MIN_KM) * BINS_PER_DECADE);
    counts[Math.min(binCount - 1, Math.max(0, bin))]! += 1;
  }
  const maxCount = Math.max(0, ...counts);
  const bars = counts.map((count, i) => {
    const x = xOf(edges[i]!, box);
    const height = maxCount === 0 ? 0 : (count / maxCount) * plotHeight;
    return { fromKm: edges[i]!, toKm: edges[i + 1]!, count, x: round(x), y: round(baseline - height), width: round(xOf(edges[i + 1]!, box) - x), height: round(height) };
  });

  const sorted = [...distancesKm].sort((a, b) => a - b);
  const yOf = (share: number) => round(baseline - share * plotHeight);
  let cdfPath = `M${round(xOf(PLOT_MIN_KM, box))},${yOf(0)}`;
  sorted.forEach((d, i) => {
    const x = round(xOf(d, box));
    cdfPath += ` H${x} V${yOf((i + 1) / sorted.length)}`;
  });
  cdfPath += ` H${round(xOf(PLOT_MAX_KM, box))}`;

  const thresholds = ACCURACY_THRESHOLDS.map(({ name, km }) => ({
    km,
    label: `${km.toLocaleString('en')} km (${name})`,
    percent: sorted.length === 0 ? 0 : (100 * sorted.filter((d) => d <= km).length) / sorted.length,
    x: round(xOf(km, box)),
  }));
  const ticks = [0.1, 1, 10, 100, 1000, 10_000].map((km) => ({ km, x: round(xOf(km, box)), label: km < 1 ? `${km}` : km.toLocaleString('en') }));
  return { bars, cdfPath, thresholds, maxCount, ticks };
}
