// The surface figures in the page: surface_ms from the worker (surface.worker.ts), and
// heatmap_draw_ms: drawing the kept surface on the app's own map (MapView with leaflet.heat).
import { MapView } from '../../../src/app/map/map-view';
import type { SurfaceBenchRequest, SurfaceBenchResult } from './surface.worker';

export interface SurfaceFigures {
  surfaceMs: number[];
  firstTimeMs: number[];
  rowCountriesMs: number;
  keptPlaces: number;
  heatPoints: number;
  drawMs: number[];
}

function inWorker(request: SurfaceBenchRequest): Promise<SurfaceBenchResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./surface.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<{ ok: boolean; result?: SurfaceBenchResult; error?: string }>) => {
      worker.terminate();
      if (event.data.ok) resolve(event.data.result!);
      else reject(new Error(event.data.error));
    };
    worker.onerror = (event) => reject(new Error(event.message));
    worker.postMessage(request);
  });
}

export async function surfaceBench({ runs, draws }: { runs: number; draws: number }): Promise<SurfaceFigures> {
  const measured = await inWorker({ runs });
  const el = document.createElement('div');
  el.style.cssText = 'width: 900px; height: 520px;';
  document.body.append(el);
  const view = new MapView(el);
  try {
    const surface = { ...measured.surface.kept, answer: measured.surface.answer, radius50Km: measured.surface.radius50Km, radius90Km: measured.surface.radius90Km };
    const drawMs: number[] = [];
    let heatPoints = 0;
    for (let run = 0; run < draws; run++) {
      view.setSurface(null);
      const t0 = performance.now();
      heatPoints = view.setSurface(surface);
      view.drawSurfaceNow();
      drawMs.push(performance.now() - t0);
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    return { surfaceMs: measured.surfaceMs, firstTimeMs: measured.firstTimeMs, rowCountriesMs: measured.rowCountriesMs, keptPlaces: measured.keptPlaces, heatPoints, drawMs };
  } finally {
    view.destroy();
    el.remove();
  }
}
