// Global setup for the browser tests: makes the fixture photos, then serves the built app (dist/)
// with `vite preview` on a free port at 127.0.0.1, and stops it afterwards. `npm run test:e2e`
// builds first; run `npx vite build` yourself before calling vitest directly.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { preview } from 'vite';
import { REGISTRY } from '../../models/registry';
import { OUT_DIR, REPO_ROOT, makeFixtures } from './fixtures';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Origin of the app under test, e.g. http://127.0.0.1:41234 (no trailing slash). */
    baseUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function checkBuild(): void {
  const dist = join(REPO_ROOT, 'dist');
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error('dist/ has no build. Run `npx vite build` (or `npm run test:e2e`, which builds first).');
  }
  const tiny = REGISTRY.find((entry) => entry.key === 'tiny-geoclip')!;
  for (const file of ['config.json', 'preprocessor_config.json', 'onnx/vision_model.onnx', 'onnx/location_model.onnx']) {
    if (!existsSync(join(dist, 'models', tiny.id, file))) {
      throw new Error(
        `dist/models/${tiny.id}/${file} is missing. Run \`npx tsx models/tiny/generate.ts\` and then \`npx vite build\` again.`,
      );
    }
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  checkBuild();
  await makeFixtures();
  // Serve a copy of the build: another `vite build` in this tree during the run (it empties dist/
  // first) must not pull files from under the browser.
  const served = join(OUT_DIR, 'dist');
  rmSync(served, { recursive: true, force: true });
  cpSync(join(REPO_ROOT, 'dist'), served, { recursive: true });
  const port = await freePort();
  const server = await preview({
    root: REPO_ROOT,
    configFile: join(REPO_ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: served },
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  project.provide('baseUrl', `http://127.0.0.1:${port}`);
  return async () => {
    await server.close();
    rmSync(served, { recursive: true, force: true });
  };
}
