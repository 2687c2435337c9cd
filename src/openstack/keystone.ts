import type { Clock } from '../clock.ts';
import { CloudConfigError, OpenStackApiError } from '../core/cloud-errors.ts';
import { assertSecureUrl, type CloudConfig } from './cloud-config.ts';
import type { HttpTransport } from './http.ts';

interface CatalogEndpoint {
  interface: string;
  region_id?: string | null;
  region?: string | null;
  url: string;
}

interface CatalogEntry {
  type: string;
  name?: string;
  endpoints: CatalogEndpoint[];
}

interface IssuedToken {
  value: string;
  expiresAt: number;
  catalog: CatalogEntry[];
  projectId: string | undefined;
  userId: string | undefined;
  roles: string[];
}

/** keystoneauth's rule: renew when less than two minutes of life remain. */
const RENEW_BEFORE_MS = 120_000;

/** A Keystone v3 token, cached and renewed before it expires or when a service answers 401. */
export class KeystoneSession {
  private current: IssuedToken | undefined;
  private pending: Promise<IssuedToken> | undefined;

  constructor(
    private readonly config: CloudConfig,
    private readonly transport: HttpTransport,
    private readonly clock: Clock,
    /** FERRY_ALLOW_INSECURE_CLOUD: plain http beyond loopback */
    private readonly allowInsecure = false,
  ) {}

  async token(): Promise<string> {
    return (await this.valid()).value;
  }

  async roles(): Promise<string[]> {
    return (await this.valid()).roles;
  }

  /** Forget the token (after a 401) so the next call authenticates again. */
  invalidate(rejected?: string): void {
    if (!rejected || this.current?.value === rejected) this.current = undefined;
  }

  /** Whether the catalog lists this service type at all (Neutron is optional to Ferry). */
  async offers(serviceType: string): Promise<boolean> {
    const { catalog } = await this.valid();
    return catalog.some((candidate) => candidate.type === serviceType);
  }

  async endpoint(serviceType: string): Promise<string> {
    const { catalog } = await this.valid();
    const entry = catalog.find((candidate) => candidate.type === serviceType);
    if (!entry) {
      throw new CloudConfigError(
        `The Keystone catalog has no "${serviceType}" service (it lists: ${catalog.map((c) => c.type).join(', ')}).`,
        'OS_AUTH_URL',
      );
    }
    const byInterface = entry.endpoints.filter((endpoint) => endpoint.interface === this.config.interface);
    const wanted = this.config.regionName;
    const regionOf = (endpoint: CatalogEndpoint) => endpoint.region_id ?? endpoint.region ?? '';
    const matches = wanted ? byInterface.filter((endpoint) => regionOf(endpoint) === wanted) : byInterface;
    const regions = [...new Set(byInterface.map(regionOf))];
    if (matches.length === 0) {
      throw new CloudConfigError(
        `No ${this.config.interface} endpoint for "${serviceType}"${wanted ? ` in region ${wanted}` : ''}; the catalog offers ${
          regions.length ? `regions ${regions.join(', ')}` : 'none on that interface'
        }. Check OS_REGION_NAME and OS_INTERFACE.`,
        wanted ? 'OS_REGION_NAME' : 'OS_INTERFACE',
      );
    }
    if (!wanted && regions.length > 1) {
      throw new CloudConfigError(
        `"${serviceType}" has endpoints in several regions (${regions.join(', ')}); set OS_REGION_NAME to choose one.`,
        'OS_REGION_NAME',
      );
    }
    const url = (matches[0] as CatalogEndpoint).url.replace(/\/+$/, '');
    assertSecureUrl(url, `The catalog's ${serviceType} endpoint`, this.allowInsecure);
    return url;
  }

  private async valid(): Promise<IssuedToken> {
    if (this.current && this.clock.now() < this.current.expiresAt - RENEW_BEFORE_MS) return this.current;
    // One authentication at a time, whatever the number of callers waiting.
    this.pending ??= this.authenticate().finally(() => {
      this.pending = undefined;
    });
    this.current = await this.pending;
    return this.current;
  }

  private async authenticate(): Promise<IssuedToken> {
    assertSecureUrl(this.config.authUrl, 'OS_AUTH_URL', this.allowInsecure);
    const base = /\/v3$/.test(this.config.authUrl) ? this.config.authUrl : `${this.config.authUrl}/v3`;
    const request = {
      service: 'identity' as const,
      method: 'POST' as const,
      url: `${base}/auth/tokens`,
      body: { auth: this.authBody() },
      // Authentication creates nothing, so a lost answer may be asked again.
      idempotent: true,
    };
    let response: Awaited<ReturnType<HttpTransport['expectOk']>>;
    try {
      response = await this.transport.expectOk(request);
    } catch (error) {
      if (error instanceof OpenStackApiError) {
        // Keystone's own words about a failed authentication may repeat the credentials: never pass them on.
        throw new OpenStackApiError(
          'identity',
          'POST',
          '/v3/auth/tokens',
          error.status,
          error.status === 401
            ? `Keystone refused the credentials from ${this.config.source}: check the user, password or application credential, and the domains.`
            : `Keystone answered ${error.status} to the authentication with ${this.config.source}; its own message is withheld because it may repeat the credentials${error.requestId ? ` (look up request ${error.requestId} in Keystone's log)` : ''}.`,
          error.requestId,
        );
      }
      throw error;
    }
    const value = response.headers.get('x-subject-token');
    const token = (response.body as { token?: Record<string, unknown> }).token;
    if (!value || !token) throw new Error('Keystone answered without a token (no X-Subject-Token header).');
    this.transport.redactor.rememberToken(value);
    const expiresAt = Date.parse(String(token.expires_at));
    return {
      value,
      expiresAt: Number.isNaN(expiresAt) ? this.clock.now() + 3_600_000 : expiresAt,
      catalog: (token.catalog as CatalogEntry[] | undefined) ?? [],
      projectId: (token.project as { id?: string } | undefined)?.id,
      userId: (token.user as { id?: string } | undefined)?.id,
      roles: ((token.roles as { name: string }[] | undefined) ?? []).map((role) => role.name),
    };
  }

  private authBody(): Record<string, unknown> {
    const { auth } = this.config;
    const user = (): Record<string, unknown> | undefined => {
      if (auth.userId) return { id: auth.userId };
      if (!auth.username) return undefined;
      return {
        name: auth.username,
        domain: auth.userDomainId ? { id: auth.userDomainId } : { name: auth.userDomainName },
      };
    };
    if (auth.kind === 'applicationCredential') {
      const credential: Record<string, unknown> = { secret: auth.secret };
      if (auth.id) credential.id = auth.id;
      else {
        credential.name = auth.name;
        credential.user = user();
      }
      // Keystone rejects any scope with an application credential.
      return { identity: { methods: ['application_credential'], application_credential: credential } };
    }
    const project = auth.projectId
      ? { id: auth.projectId }
      : {
          name: auth.projectName,
          domain: auth.projectDomainId ? { id: auth.projectDomainId } : { name: auth.projectDomainName },
        };
    return {
      identity: { methods: ['password'], password: { user: { ...user(), password: auth.password } } },
      scope: { project },
    };
  }
}
