// Drawing a region on the map (a box or a circle) with Leaflet-Geoman, and shading the region the
// search is restricted to. Geoman draws; what it drew becomes an Area (src/core/region) and the
// drawn layer is removed, so the shading always shows the constraint in force, never a leftover.
import * as L from 'leaflet';
import type {} from '@geoman-io/leaflet-geoman-free';
import '@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css';
import { box, boxWidth, circle, wrapLon, type Area } from '../../core/region/area';
import type { RegionOutline } from '../../core/region/outline';

export type DrawShape = 'rectangle' | 'circle';

const SHADE = { color: '#1f6feb', weight: 2, fillOpacity: 0.12, interactive: false } as const;
/** What restricts the search, as shaded (the class lets tests find it). */
const SHADED = { ...SHADE, className: 'region-shade' } as const;

/** What Geoman drew, as an Area. A box dragged across the antimeridian keeps its narrow side. */
export function areaOfLayer(layer: L.Layer): Area {
  if (layer instanceof L.Circle) {
    const centre = layer.getLatLng();
    return circle(Math.max(-90, Math.min(90, centre.lat)), wrapLon(centre.lng), layer.getRadius() / 1000);
  }
  const bounds = (layer as L.Rectangle).getBounds();
  const clampLat = (lat: number) => Math.max(-90, Math.min(90, lat));
  const west = bounds.getWest();
  const east = bounds.getEast();
  if (east - west >= 360) return box(clampLat(bounds.getSouth()), -180, clampLat(bounds.getNorth()), 180);
  return box(clampLat(bounds.getSouth()), wrapLon(west), clampLat(bounds.getNorth()), wrapLon(east));
}

/**
 * Geoman is a plain script that extends the global `L`, which Leaflet sets when it first runs: it
 * is loaded here, after the map (and so Leaflet) exists, never in the same chunk before it.
 */
export async function createRegionTools(map: L.Map, onArea: (area: Area) => void): Promise<RegionTools> {
  await import('@geoman-io/leaflet-geoman-free');
  return new RegionTools(map, onArea);
}

export class RegionTools {
  readonly #map: L.Map;
  readonly #shade: L.LayerGroup;
  #onArea: (area: Area) => void;

  constructor(map: L.Map, onArea: (area: Area) => void) {
    this.#map = map;
    this.#onArea = onArea;
    // A map made before Geoman loaded has no handler yet.
    // Geoman extends the global L, not the bundler's copy of Leaflet's exports that `L` is here.
    const PM = (globalThis as unknown as { L?: { PM?: { Map: new (map: L.Map) => L.PM.PMMap } } }).L?.PM;
    if (!map.pm && PM) map.pm = new PM.Map(map);
    if (!map.pm) throw new Error('Leaflet-Geoman did not load.');
    this.#shade = L.layerGroup().addTo(map);
    map.pm.setGlobalOptions({ templineStyle: SHADE, hintlineStyle: { ...SHADE, dashArray: '5,5' }, pathOptions: SHADE, continueDrawing: false, snappable: false });
    map.on('pm:create', this.#created);
  }

  #created = (event: { layer: L.Layer }): void => {
    const area = areaOfLayer(event.layer);
    event.layer.remove();
    this.#map.pm.disableDraw();
    this.#onArea(area);
  };

  /** Starts drawing; the next box or circle drawn on the map becomes the region. */
  draw(shape: DrawShape): void {
    this.#map.pm.enableDraw(shape === 'rectangle' ? 'Rectangle' : 'Circle', { continueDrawing: false, snappable: false });
  }

  stopDrawing(): void {
    this.#map.pm.disableDraw();
  }

  get drawing(): boolean {
    return this.#map.pm.globalDrawModeEnabled();
  }

  /**
   * Shades what the search is restricted to: the drawn or typed area, and the chosen countries'
   * and regions' shapes (several are alternatives, so each is shaded); nothing when unrestricted.
   */
  shade(area: Area | null, places: readonly RegionOutline[] = []): void {
    this.#shade.clearLayers();
    if (area) {
      let layer: L.Path;
      if (area.kind === 'circle') layer = L.circle([area.lat, area.lon], { ...SHADED, radius: area.km * 1000 });
      else layer = L.rectangle([[area.south, area.west], [area.north, area.west + boxWidth(area)]], SHADED);
      layer.addTo(this.#shade);
    }
    for (const outline of places) {
      // Cells are drawn without their edges, so a region reads as one shape, not a chessboard.
      const style = outline.cellKm === null ? SHADED : { ...SHADED, weight: 0, fillOpacity: 0.2 };
      L.geoJSON({ type: 'MultiPolygon', coordinates: outline.polygons } as GeoJSON.MultiPolygon, { style: () => style, interactive: false }).addTo(this.#shade);
    }
  }

  destroy(): void {
    this.#map.off('pm:create', this.#created);
    this.#map.pm.disableDraw();
    this.#shade.remove();
  }
}
