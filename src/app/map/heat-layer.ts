// The probability surface on the map: a heatmap of the most probable gallery places (leaflet.heat,
// which draws with simpleheat on a canvas of its own: no GPU needed, the same on WebGPU and WASM
// machines) and two rings around the answer holding 50 % and 90 % of the model's belief.
import * as L from 'leaflet';
// leaflet.heat registers itself on the global L that Leaflet's bundle sets; this import must come after Leaflet's.
import 'leaflet.heat';
import { roundedKm } from '../../core/surface/words';

export interface MapSurface {
  readonly lat: Float32Array;
  readonly lon: Float32Array;
  readonly p: Float32Array;
  readonly answer: { readonly lat: number; readonly lon: number };
  readonly radius50Km: number;
  readonly radius90Km: number;
  /** Which answer the rings are drawn around, in words ("around the refined point"). */
  readonly around?: string;
}

/** Colours from faint to strong; the legend shows the same ramp. */
export const HEAT_GRADIENT: Readonly<Record<number, string>> = { 0.2: '#3b4cc0', 0.45: '#2fb5a6', 0.7: '#f2c14e', 0.9: '#e8702a', 1: '#b40426' };

/**
 * Heat intensities: the square root of each place's probability relative to the most probable one,
 * so that places a hundred times less likely still show faintly instead of vanishing.
 */
export function heatPoints(surface: Pick<MapSurface, 'lat' | 'lon' | 'p'>): [number, number, number][] {
  let max = 0;
  for (const p of surface.p) max = Math.max(max, p);
  const points: [number, number, number][] = [];
  if (max <= 0) return points;
  for (let i = 0; i < surface.p.length; i++) {
    const weight = Math.sqrt(surface.p[i]! / max);
    if (weight >= 0.02) points.push([surface.lat[i]!, surface.lon[i]!, weight]);
  }
  return points;
}

/** leaflet.heat adds heatLayer to the global L (the module namespace imported above may be a copy without it). */
function heatLayerFactory(): typeof L.heatLayer {
  const global = (globalThis as unknown as { L?: typeof L }).L;
  const factory = global?.heatLayer ?? (L as { heatLayer?: typeof L.heatLayer }).heatLayer;
  if (!factory) throw new Error('The heatmap plugin did not load.');
  return factory;
}

/**
 * A map inside a hidden view (the batch shown instead) has no size, and simpleheat then throws on
 * its empty canvas. Skip the draw; showing the map again resizes it, which draws the heatmap.
 */
function skipDrawWhileHidden(layer: L.HeatLayer): void {
  const heat = layer as unknown as { _redraw(): void; _map?: L.Map; _frame: unknown };
  const draw = heat._redraw;
  heat._redraw = function (this: typeof heat) {
    const size = this._map?.getSize();
    if (!size || size.x === 0 || size.y === 0) {
      this._frame = null;
      return;
    }
    draw.call(this);
  };
}

export class SurfaceOverlay {
  readonly #map: L.Map;
  readonly #heat: L.HeatLayer;
  readonly #rings: L.LayerGroup;
  #visible = true;
  #points = 0;

  constructor(map: L.Map, ringColour: string) {
    this.#map = map;
    // maxZoom 0: leaflet.heat would otherwise fade every point by 2^(maxZoom - zoom) when zoomed out.
    this.#heat = heatLayerFactory()([], { radius: 18, blur: 16, maxZoom: 0, max: 1, minOpacity: 0.25, gradient: { ...HEAT_GRADIENT } });
    this.#rings = L.layerGroup();
    this.#ringColour = ringColour;
    skipDrawWhileHidden(this.#heat);
  }

  readonly #ringColour: string;

  /** Draws a surface (or clears with null); returns how many places the heatmap shows. */
  set(surface: MapSurface | null): number {
    const points = surface ? heatPoints(surface) : [];
    this.#heat.setLatLngs(points);
    this.#rings.clearLayers();
    if (surface && Number.isFinite(surface.answer.lat)) {
      for (const [share, km, dash] of [[50, surface.radius50Km, '2 5'], [90, surface.radius90Km, '8 6']] as const) {
        if (!Number.isFinite(km)) continue;
        // A ring of radius 0 (the answer holds the share by itself) is drawn as a small one.
        L.circle([surface.answer.lat, surface.answer.lon], { radius: Math.max(km, 0.2) * 1000, color: this.#ringColour, weight: 2, dashArray: dash, fill: false, interactive: true })
          .bindTooltip(`${share} % of the model's belief lies within ${roundedKm(km)}${surface.around ? ` ${surface.around}` : ''}`, { sticky: true })
          .addTo(this.#rings);
      }
    }
    this.#points = points.length;
    this.#apply();
    return this.#points;
  }

  get rings(): number {
    return this.#rings.getLayers().length;
  }

  setVisible(on: boolean): void {
    this.#visible = on;
    this.#apply();
  }

  /** Draws the heatmap now instead of on the next animation frame; for measuring. */
  drawNow(): void {
    (this.#heat as unknown as { _redraw(): void })._redraw();
  }

  #apply(): void {
    const show = this.#visible && this.#points > 0;
    for (const layer of [this.#heat, this.#rings]) {
      if (show && !this.#map.hasLayer(layer)) layer.addTo(this.#map);
      if (!show && this.#map.hasLayer(layer)) layer.remove();
    }
    // leaflet.heat appends its canvas to the overlay pane, over the markers' canvas: put it first, under them.
    const canvas = (this.#heat as unknown as { _canvas?: HTMLCanvasElement })._canvas;
    const pane = canvas?.parentElement;
    if (show && canvas && pane && pane.firstChild !== canvas) pane.insertBefore(canvas, pane.firstChild);
  }
}
