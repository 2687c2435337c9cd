import type { KeystoneSession } from './keystone.ts';
import type { ServiceCaller } from './service-caller.ts';

type Json = Record<string, unknown>;

/** Images per request: `id=in:a,b,…` (Glance v2 "in" operator), 36 characters an ID. */
export const IMAGES_PER_REQUEST = 40;

/**
 * Glance image properties, read in bulk: `GET /v2/images?id=in:a,b` (the lab answered it:
 * /work/coord/evidence 63). Properties are the image's own top-level string keys; only the `hw_…`
 * ones are kept, the ones Nova reads for a guest's hardware (nova/objects/image_meta.py).
 */
export class GlanceClient {
  constructor(
    private readonly image: ServiceCaller,
    private readonly session: KeystoneSession,
  ) {}

  available(): Promise<boolean> {
    return this.session.offers('image');
  }

  /** The `hw_*` properties of each image by ID; an image Glance did not list is left out. */
  async hardwareProperties(imageIds: string[]): Promise<Map<string, Record<string, string>>> {
    const ids = [...new Set(imageIds)];
    const batches: string[][] = [];
    for (let start = 0; start < ids.length; start += IMAGES_PER_REQUEST)
      batches.push(ids.slice(start, start + IMAGES_PER_REQUEST));
    const answers = await Promise.all(
      batches.map((batch) =>
        this.image.call('GET', '/v2/images', { query: { id: `in:${batch.join(',')}` } }),
      ),
    );
    const result = new Map<string, Record<string, string>>();
    for (const answer of answers)
      for (const raw of (answer.body as { images?: Json[] }).images ?? [])
        result.set(
          String(raw.id),
          Object.fromEntries(
            Object.entries(raw)
              .filter(([key, value]) => key.startsWith('hw_') && typeof value === 'string')
              .map(([key, value]) => [key, value as string]),
          ),
        );
    return result;
  }
}
