import { benchLargeProfile } from './large.ts';

/**
 * The large-profile figure's process when compiled (tsconfig.bench.json: `npm run build`'s settings,
 * src and commands as the Procfile runs them, plus this bench), so its resident memory is Ferry's as
 * deployed, without tsx compiling TypeScript in the process.
 */
await benchLargeProfile();
process.exit(0);
