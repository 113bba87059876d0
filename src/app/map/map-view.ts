// The Leaflet map, loaded lazily by ResultMap.svelte. Its basemap is offline: land, coastlines and
// country borders from Natural Earth (world-atlas topojson), fetched as same-origin assets and
// drawn on a canvas. Online tiles are an explicit opt-in.
import * as L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { feature, mesh } from 'topojson-client';
import { formatLatLon, formatPercent } from '../format';
import { fixAntimeridian } from './antimeridian';
import { SurfaceOverlay, type MapSurface } from './heat-layer';
import type { GeometryCollection, Topology } from 'topojson-specification';
import coarseUrl from 'world-atlas/countries-110m.json?url';
import fineUrl from 'world-atlas/countries-50m.json?url';

export interface MapCandidate {
  readonly rank: number;
  readonly lat: number;
  readonly lon: number;
  readonly p: number;
  readonly place: string;
}

export interface MapExif {
  readonly lat: number;
  readonly lon: number;
  readonly place: string;
  /** The direction the camera faced (GPSImgDirection), degrees clockwise from north. */
  readonly directionDeg?: number | null;
}

/** Length of the camera-direction arrow, in screen pixels at the fitted zoom. */
const DIRECTION_ARROW_PX = 44;

/** A candidate answer of the full pipeline or the chat (model answers and the top gallery place). */
export interface MapAnswer {
  readonly lat: number;
  readonly lon: number;
  /** Where it came from, e.g. "With 10 reference places". */
  readonly label: string;
  readonly final: boolean;
}

type Detail = 'coarse' | 'fine';

const TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
const TILE_ATTRIBUTION =
  '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';
const BASEMAP_ATTRIBUTION = 'Borders: Natural Earth';
/** From this zoom on, the 1:50m borders replace the 1:110m ones. */
const FINE_ZOOM = 4;

/** Colours come from CSS custom properties on the map element, so dark mode follows the page. */
function palette(el: HTMLElement) {
  const css = getComputedStyle(el);
  const read = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    land: read('--map-land', '#f3f1ea'),
    coast: read('--map-coast', '#9aa5b1'),
    border: read('--map-border', '#b7bec6'),
    top: read('--marker-top', '#d62839'),
    candidate: read('--marker-candidate', '#1d6fb8'),
    exif: read('--marker-exif', '#138a52'),
    halo: read('--marker-halo', '#ffffff'),
    answer: read('--marker-answer', '#7b3fb0'),
  };
}

/** Tooltip content as a text node: place names never go through innerHTML. */
function textContent(text: string): HTMLElement {
  const span = document.createElement('span');
  span.textContent = text;
  return span;
}


export class MapView {
  readonly #el: HTMLElement;
  readonly #map: L.Map;
  readonly #baseRenderer: L.Canvas;
  readonly #markerRenderer: L.Canvas;
  readonly #markers: L.LayerGroup;
  readonly #answers: L.LayerGroup;
  readonly #resize: ResizeObserver;
  #basemap: L.LayerGroup | null = null;
  #detail: Detail | null = null;
  #loading: Detail | null = null;
  #tiles: L.TileLayer | null = null;
  readonly #surface: SurfaceOverlay;
  #destroyed = false;
  /** Called when the basemap could not be loaded. */
  onBasemapError: ((message: string) => void) | null = null;

  constructor(el: HTMLElement) {
    this.#el = el;
    this.#map = L.map(el, {
      worldCopyJump: true,
      minZoom: 1,
      maxZoom: 18,
      zoomSnap: 0.5,
      attributionControl: true,
    });
    this.#map.attributionControl.addAttribution(BASEMAP_ATTRIBUTION);
    // The basemap sits below the tile pane (200), so tiles, when on, cover it.
    const pane = this.#map.createPane('basemap');
    pane.style.zIndex = '150';
    pane.style.pointerEvents = 'none';
    this.#baseRenderer = L.canvas({ pane: 'basemap', padding: 0.5 });
    this.#markerRenderer = L.canvas({ padding: 0.5 });
    this.#markers = L.layerGroup().addTo(this.#map);
    this.#answers = L.layerGroup().addTo(this.#map);
    this.#surface = new SurfaceOverlay(this.#map, palette(el).top);
    this.#map.fitWorld({ animate: false });

    this.#map.on('zoomend', () => {
      if (this.#map.getZoom() >= FINE_ZOOM) void this.#loadBasemap('fine');
    });
    this.#resize = new ResizeObserver(() => this.#map.invalidateSize({ animate: false }));
    this.#resize.observe(el);
    void this.#loadBasemap('coarse');
  }

  /** The Leaflet map, for tools that draw on it (region-tools.ts). */
  get leaflet(): L.Map {
    return this.#map;
  }

  /** Draws the candidates and the EXIF point, fits the view to them, and returns how many candidates were drawn. */
  setPoints(candidates: readonly MapCandidate[], exif: MapExif | null, tiny: boolean): number {
    const colours = palette(this.#el);
    this.#markers.clearLayers();
    delete this.#el.dataset.direction;
    const bounds = L.latLngBounds([]);
    const pMax = Math.max(1e-9, ...candidates.map((c) => c.p));
    const what = tiny ? 'Test output' : 'Candidate';

    // Weakest first, so the stronger markers are drawn on top.
    const ordered = [...candidates].sort((a, b) => b.rank - a.rank);
    let drawn = 0;
    for (const c of ordered) {
      if (!Number.isFinite(c.lat) || !Number.isFinite(c.lon)) continue;
      const isTop = c.rank === 1;
      const weight = Math.sqrt(c.p / pMax);
      const marker = L.circleMarker([c.lat, c.lon], {
        renderer: this.#markerRenderer,
        radius: isTop ? 10 : 4 + 6 * weight,
        color: isTop ? colours.halo : colours.candidate,
        weight: isTop ? 3 : 1,
        opacity: isTop ? 1 : 0.4 + 0.6 * weight,
        fillColor: isTop ? colours.top : colours.candidate,
        fillOpacity: isTop ? 0.95 : 0.2 + 0.6 * weight,
      });
      const label = `${isTop ? (tiny ? 'Top test output' : 'Best guess') : `${what} #${c.rank}`}: ${
        c.place || formatLatLon(c)
      } (${formatPercent(c.p)})`;
      marker.bindTooltip(textContent(label), { direction: 'top', offset: [0, -6] });
      marker.addTo(this.#markers);
      bounds.extend([c.lat, c.lon]);
      drawn += 1;
    }

    const top = candidates.find((c) => c.rank === 1);
    if (exif && Number.isFinite(exif.lat) && Number.isFinite(exif.lon)) {
      if (top) {
        L.polyline(
          [
            [top.lat, top.lon],
            [exif.lat, exif.lon],
          ],
          { renderer: this.#markerRenderer, color: colours.exif, weight: 2, dashArray: '6 6', interactive: false },
        ).addTo(this.#markers);
      }
      L.circleMarker([exif.lat, exif.lon], {
        renderer: this.#markerRenderer,
        radius: 8,
        color: colours.halo,
        weight: 3,
        fillColor: colours.exif,
        fillOpacity: 0.95,
      })
        .bindTooltip(textContent(`GPS in the photo: ${exif.place || formatLatLon(exif)}`), {
          direction: 'top',
          offset: [0, -6],
        })
        .addTo(this.#markers);
      bounds.extend([exif.lat, exif.lon]);
    }

    this.#map.invalidateSize({ animate: false });
    if (!bounds.isValid()) {
      this.#map.fitWorld({ animate: false });
    } else if (bounds.getNorthEast().equals(bounds.getSouthWest())) {
      this.#map.setView(bounds.getCenter(), 5, { animate: false });
    } else {
      this.#map.fitBounds(bounds, { padding: [32, 32], maxZoom: 7, animate: false });
    }
    if (exif && typeof exif.directionDeg === 'number' && Number.isFinite(exif.directionDeg)) {
      this.#directionArrow(exif, exif.directionDeg, colours.exif);
    }
    return drawn;
  }

  /** A short arrow from the EXIF point the way the camera faced; sized in pixels at the current zoom. */
  #directionArrow(from: MapExif, degrees: number, colour: string): void {
    const zoom = this.#map.getZoom();
    const start = this.#map.project([from.lat, from.lon], zoom);
    const along = (angle: number, length: number) =>
      L.point(Math.sin((angle * Math.PI) / 180) * length, -Math.cos((angle * Math.PI) / 180) * length);
    const tip = start.add(along(degrees, DIRECTION_ARROW_PX));
    const head = [tip.add(along(degrees + 150, 10)), tip, tip.add(along(degrees - 150, 10))];
    const toLatLng = (p: L.Point) => this.#map.unproject(p, zoom);
    const line = { renderer: this.#markerRenderer, color: colour, weight: 3, interactive: false };
    L.polyline([toLatLng(start), toLatLng(tip)], line).addTo(this.#markers);
    L.polyline(head.map(toLatLng), line).addTo(this.#markers);
    this.#el.dataset.direction = String(Math.round(degrees));
  }

  /** Draws the pipeline's candidate answers as diamonds, the final one larger and labelled. */
  setAnswers(answers: readonly MapAnswer[], tiny: boolean): number {
    const colours = palette(this.#el);
    this.#answers.clearLayers();
    let drawn = 0;
    for (const answer of [...answers].sort((a, b) => Number(a.final) - Number(b.final))) {
      if (!Number.isFinite(answer.lat) || !Number.isFinite(answer.lon)) continue;
      const size = answer.final ? 18 : 12;
      const icon = L.divIcon({
        className: 'answer-marker',
        html: `<span style="display:block;width:${size}px;height:${size}px;transform:rotate(45deg);background:${colours.answer};border:2px solid ${colours.halo};box-shadow:0 0 0 1px ${colours.answer}"></span>`,
        iconSize: [size, size],
      });
      const what = answer.final ? (tiny ? 'Final test output' : 'Final answer') : 'Candidate answer';
      L.marker([answer.lat, answer.lon], { icon, keyboard: false, zIndexOffset: answer.final ? 1000 : 500 })
        .bindTooltip(textContent(`${what} (${answer.label}): ${formatLatLon(answer)}`), { direction: 'top', offset: [0, -8], permanent: answer.final })
        .addTo(this.#answers);
      drawn += 1;
    }
    return drawn;
  }

  /** Draws the probability surface (heatmap and 50 %/90 % rings); returns how many places the heatmap shows. */
  setSurface(surface: MapSurface | null): number {
    return this.#surface.set(surface);
  }

  get surfaceRings(): number {
    return this.#surface.rings;
  }

  setSurfaceVisible(on: boolean): void {
    this.#surface.setVisible(on);
  }

  /** Draws the heatmap synchronously (for measuring how long a draw takes). */
  drawSurfaceNow(): void {
    this.#surface.drawNow();
  }

  /** Zooms to [south, west, north, east] (a country or region of "where else"). */
  focus(bounds: readonly [number, number, number, number]): void {
    const [south, west, north, east] = bounds;
    this.#map.fitBounds([[south, west], [north, east]], { padding: [24, 24], maxZoom: 8 });
  }

  /** Turns the OpenStreetMap tile layer on or off. */
  setTiles(on: boolean): void {
    if (on && !this.#tiles) {
      this.#tiles = L.tileLayer(TILE_URL, {
        maxZoom: 19,
        // Needed under cross-origin isolation (COEP): tiles load in CORS mode.
        crossOrigin: 'anonymous',
        attribution: TILE_ATTRIBUTION,
      }).addTo(this.#map);
    } else if (!on && this.#tiles) {
      this.#tiles.remove();
      this.#tiles = null;
    }
  }

  destroy(): void {
    this.#destroyed = true;
    this.#resize.disconnect();
    this.#map.remove();
  }

  #hasFine(): boolean {
    return this.#detail === 'fine';
  }

  async #loadBasemap(detail: Detail): Promise<void> {
    if (this.#detail === 'fine' || this.#detail === detail || this.#loading === detail) return;
    this.#loading = detail;
    try {
      const response = await fetch(detail === 'fine' ? fineUrl : coarseUrl);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const topology = (await response.json()) as Topology;
      if (this.#destroyed || this.#hasFine()) return;
      const land = feature(topology, topology.objects.land as GeometryCollection);
      for (const f of land.features) f.geometry = fixAntimeridian(f.geometry);
      const borders = fixAntimeridian(
        mesh(topology, topology.objects.countries as GeometryCollection, (a, b) => a !== b),
      );
      const colours = palette(this.#el);
      // GeoJSON passes these on to each path it creates (the typings do not list `renderer`).
      const onBasemap = { renderer: this.#baseRenderer, pane: 'basemap', interactive: false };
      const group = L.layerGroup([
        L.geoJSON(land, {
          ...onBasemap,
          style: { color: colours.coast, weight: 0.8, fillColor: colours.land, fillOpacity: 1 },
        }),
        L.geoJSON(borders, {
          ...onBasemap,
          style: { color: colours.border, weight: 0.7, fill: false },
        }),
      ]);
      this.#basemap?.remove();
      this.#basemap = group.addTo(this.#map);
      this.#detail = detail;
      this.#el.dataset.basemap = detail;
    } catch {
      if (!this.#destroyed && this.#detail === null) {
        this.onBasemapError?.('The offline map outline could not be loaded; markers are still shown.');
      }
    } finally {
      if (this.#loading === detail) this.#loading = null;
    }
  }
}
