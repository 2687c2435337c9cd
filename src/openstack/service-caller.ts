import type { OpenStackService } from '../core/cloud-errors.ts';
import type { HttpResponse, HttpTransport } from './http.ts';
import type { KeystoneSession } from './keystone.ts';

export interface CallOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | string[]>;
  headers?: Record<string, string>;
  /** Statuses the caller handles itself instead of getting an error. */
  accept?: number[];
}

/** Authenticated calls to one catalog service; a 401 renews the token once and tries again. */
export class ServiceCaller {
  constructor(
    private readonly session: KeystoneSession,
    private readonly transport: HttpTransport,
    readonly service: OpenStackService,
    private readonly serviceType: string,
  ) {}

  baseUrl(): Promise<string> {
    return this.session.endpoint(this.serviceType);
  }

  async call(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    options: CallOptions = {},
  ): Promise<HttpResponse> {
    // catalogs differ on a trailing slash (Keystone's own is often ".../v3/")
    const url = new URL(`${(await this.baseUrl()).replace(/\/+$/, '')}${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
    }
    const request = {
      service: this.service,
      method,
      url: url.toString(),
      body: options.body,
      idempotent: method === 'GET',
    };
    let response: HttpResponse | undefined;
    for (let attempt = 0; attempt < 2; attempt++) {
      const token = await this.session.token();
      response = await this.transport.send({
        ...request,
        headers: { ...options.headers, 'X-Auth-Token': token },
      });
      if (response.status !== 401) break;
      this.session.invalidate(token);
    }
    const final = response as HttpResponse;
    if (final.status >= 400 && !options.accept?.includes(final.status))
      throw this.transport.errorFrom(request, final);
    return final;
  }
}
