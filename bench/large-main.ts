import { benchLargeProfile } from './large.ts';

/**
 * The large-profile bench in a process of its own, so that the resident memory it prints is what
 * Ferry holds for that cloud, not what the benches before it left behind.
 */
await benchLargeProfile();
process.exit(0);
