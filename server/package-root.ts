import { fileURLToPath } from 'node:url';

/**
 * The directory holding package.json, `dist/` (the app) and `schema/`. This module is
 * `server/package-root.ts` in a checkout and part of a file directly in `dist-server/` once
 * compiled (scripts/build-server.ts), one level down either way. The app is found from here, not
 * from the working directory, so `npx stallmap serve` serves it from anywhere.
 */
export const packageRoot = fileURLToPath(new URL('..', import.meta.url));
