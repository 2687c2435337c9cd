import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { explain } from '../../src/chat/explain.ts';
import { FakeClock } from '../../src/clock.ts';
import { CloudConfigError, OpenStackApiError } from '../../src/core/cloud-errors.ts';
import { createOpenStackClients } from '../../src/openstack/client.ts';
import { assertSecureUrl, cloudWarnings, loadCloudConfig } from '../../src/openstack/cloud-config.ts';

/**
 * A misbehaving cloud on loopback that echoes what it was sent: the password, the application
 * credential secret, the token. None of it may come out of Ferry's client.
 */

// characters that URL and form encoding change, so their encoded forms differ from the typed one
const PASSWORD = 'hunter2 correct/horse?&=';
const SECRET = 'appcred-s3cr3t-value';
const TOKEN = `gAAAAAB${'x'.repeat(150)}`;

type Mode =
  | 'keystone-400'
  | 'keystone-500'
  | 'keystone-502-text'
  | 'nova-403-echo'
  | 'nova-400-body'
  | 'nova-400-encoded'
  | 'catalog-clear-text';

let server: Server;
let base: string;
let mode: Mode;

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function json(
  response: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'x-openstack-request-id': 'req-echo',
    ...headers,
  });
  response.end(JSON.stringify(value));
}

beforeEach(async () => {
  server = createServer(async (request, response) => {
    const sent = await body(request);
    const url = request.url ?? '/';
    if (url.startsWith('/v3/auth/tokens')) {
      if (mode === 'keystone-400')
        return json(response, 400, { error: { code: 400, message: `Invalid input for field: ${sent}` } });
      if (mode === 'keystone-500')
        return json(response, 500, { error: { code: 500, message: `Internal error handling ${sent}` } });
      if (mode === 'keystone-502-text') {
        response.writeHead(502, { 'Content-Type': 'text/plain' });
        return response.end(`bad gateway while proxying ${sent}`);
      }
      return json(
        response,
        201,
        {
          token: {
            expires_at: new Date(Date.now() + 3_600_000).toISOString(),
            roles: [{ name: 'admin' }],
            project: { id: 'p1' },
            catalog: [
              {
                type: 'compute',
                endpoints: [
                  {
                    interface: 'public',
                    region_id: 'RegionOne',
                    url: mode === 'catalog-clear-text' ? 'http://192.0.2.10:8774/v2.1' : `${base}/compute`,
                  },
                ],
              },
            ],
          },
        },
        { 'X-Subject-Token': TOKEN },
      );
    }
    if (url.startsWith('/compute')) {
      if (mode === 'nova-403-echo')
        return json(response, 403, {
          forbidden: { code: 403, message: `Policy refused token ${request.headers['x-auth-token']}` },
        });
      if (mode === 'nova-400-encoded')
        return json(response, 400, {
          badRequest: { code: 400, message: `Bad request: ${encodedForms(PASSWORD).join(' ; ')}` },
        });
      return json(response, 400, { badRequest: { code: 400, message: `Bad body: ${TOKEN} / ${PASSWORD}` } });
    }
    json(response, 404, {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function clients(kind: 'password' | 'appcred', authUrl = `${base}/v3`, allowInsecure = false) {
  const env =
    kind === 'password'
      ? {
          OS_AUTH_URL: authUrl,
          OS_USERNAME: 'admin',
          OS_PASSWORD: PASSWORD,
          OS_PROJECT_NAME: 'admin',
          OS_USER_DOMAIN_NAME: 'Default',
          OS_PROJECT_DOMAIN_NAME: 'Default',
        }
      : {
          OS_AUTH_URL: `${base}/v3`,
          OS_AUTH_TYPE: 'v3applicationcredential',
          OS_APPLICATION_CREDENTIAL_ID: 'cred-1',
          OS_APPLICATION_CREDENTIAL_SECRET: SECRET,
        };
  const config = loadCloudConfig(env, { cwd: '/nonexistent', home: '/nonexistent' });
  if (!config) throw new Error('no config');
  return createOpenStackClients(config, {
    clock: new FakeClock(),
    retries: 0,
    timeoutMs: 2_000,
    allowInsecure,
  });
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable(),
    (e: unknown) => e,
  );

/** How a service may echo a secret: in a URL, a form, a Basic header, base64 alone or base64url. */
function encodedForms(secret: string): string[] {
  const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  return [
    `?password=${encodeURIComponent(secret)}`,
    new URLSearchParams({ password: secret }).toString(),
    `Authorization: Basic ${base64(`admin:${secret}`)}`,
    base64(secret),
    base64(secret).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, ''),
  ];
}

/** The parts of the encoded forms that carry the secret and nothing else. */
function encodedSecret(secret: string): string[] {
  const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  return [
    encodeURIComponent(secret),
    new URLSearchParams({ p: secret }).toString().slice(2),
    base64(`admin:${secret}`).slice(8, -4),
    base64(secret).slice(0, -4),
  ];
}

function expectClean(error: unknown) {
  const everything = `${String(error)} ${(error as Error).stack ?? ''} ${explain(error)} ${JSON.stringify(error)}`;
  expect(everything).not.toContain(PASSWORD);
  for (const encoded of encodedSecret(PASSWORD)) expect(everything).not.toContain(encoded);
  expect(everything).not.toContain(SECRET);
  expect(everything).not.toContain(TOKEN.slice(0, 40));
}

describe('secrets never leave the client in an error', () => {
  for (const [which, kind] of [
    ['password', 'password'],
    ['application credential secret', 'appcred'],
  ] as const) {
    it(`withholds Keystone's 400, 500 and 502 text that echoes the ${which}`, async () => {
      for (const failing of ['keystone-400', 'keystone-500', 'keystone-502-text'] as const) {
        mode = failing;
        const error = await failure(clients(kind).session.token());
        expect(error).toBeInstanceOf(OpenStackApiError);
        expect((error as OpenStackApiError).apiMessage).toMatch(
          /^Keystone answered \d{3} to the authentication with .*; its own message is withheld because it may repeat the credentials/,
        );
        expectClean(error);
      }
    });
  }

  it("cuts the token and the password out of Nova's error text", async () => {
    for (const failing of ['nova-403-echo', 'nova-400-body', 'nova-400-encoded'] as const) {
      mode = failing;
      const error = await failure(clients('password').nova.getServer('x'));
      expect(error).toBeInstanceOf(OpenStackApiError);
      expect((error as OpenStackApiError).apiMessage).toMatch(/\[redacted/);
      expectClean(error);
    }
  });
});

describe('no credentials in clear text beyond loopback', () => {
  it('refuses a plain-http Keystone on another host before sending anything, unless allowed', async () => {
    const error = await failure(clients('password', 'http://192.0.2.10:5000/v3').session.token());
    expect(error).toBeInstanceOf(CloudConfigError);
    expect((error as Error).message).toMatch(
      /OS_AUTH_URL http:\/\/192\.0\.2\.10:5000\/v3 would carry .* FERRY_ALLOW_INSECURE_CLOUD=true/,
    );
    // allowed by the operator: no refusal (the test stays on loopback, so nothing is sent there)
    expect(() => assertSecureUrl('http://192.0.2.10:5000/v3', 'OS_AUTH_URL', true)).not.toThrow();
    expect(() => assertSecureUrl('http://127.0.0.1:5000/v3', 'OS_AUTH_URL', false)).not.toThrow();
    expect(() => assertSecureUrl('http://[::1]:5000/v3', 'OS_AUTH_URL', false)).not.toThrow();
  });

  it('refuses a plain-http catalog endpoint on another host', async () => {
    mode = 'catalog-clear-text';
    const error = await failure(clients('password').nova.negotiate());
    expect(error).toBeInstanceOf(CloudConfigError);
    expect((error as Error).message).toMatch(
      /The catalog's compute endpoint http:\/\/192\.0\.2\.10:8774\/v2\.1 would carry/,
    );
  });

  it('warns at start-up when certificates are not verified', () => {
    const config = loadCloudConfig(
      {
        OS_AUTH_URL: 'https://keystone.example:5000/v3',
        OS_USERNAME: 'a',
        OS_PASSWORD: 'b',
        OS_PROJECT_NAME: 'c',
        OS_USER_DOMAIN_NAME: 'Default',
        OS_PROJECT_DOMAIN_NAME: 'Default',
        OS_VERIFY: 'false',
      },
      { cwd: '/nonexistent', home: '/nonexistent' },
    );
    expect(cloudWarnings(config as NonNullable<typeof config>, false)).toEqual([
      expect.stringMatching(/^TLS certificates of https:\/\/keystone\.example:5000\/v3 are not verified/),
    ]);
  });
});

describe('an unreachable cloud is named', () => {
  it('says which URL failed, and why in words', async () => {
    const error = await failure(clients('password', 'http://127.0.0.1:1/v3').session.token());
    expect((error as Error).message).toBe(
      'identity POST http://127.0.0.1:1/v3/auth/tokens failed: connection refused (is the service running and the URL right?)',
    );
  });
});
