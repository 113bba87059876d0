// npm run models:fetch -- --profile NAME [--host URL] [--out DIR] [--device wasm|webgpu|webgpu-f16]
import { fetchProfile } from './fetch-profile';

fetchProfile(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`models:fetch: ${(error as Error).message}\n`);
    process.exitCode = 2;
  },
);
