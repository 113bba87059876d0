// Browser tests: the built app in headless Chromium (WebGPU on SwiftShader, and WASM).
// One test file at a time, in one fork: the machine has few cores, and each file drives a browser.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['tests/e2e/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    sequence: { concurrent: false, shuffle: false },
    testTimeout: 300_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
    retry: 0,
  },
});
