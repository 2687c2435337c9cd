import { randomBytes } from 'node:crypto';
import type { SandboxCloud } from './cloud.ts';
import { NovaFault, type TokenInfo, unauthorized } from './model.ts';
import { SEED_APP_CREDENTIAL } from './seed.ts';

/* Keystone's side of the sandbox: tokens issued for a password or an application credential, and checked. */

type SandboxUser = ReturnType<SandboxCloud['users']['get']>;

export function authenticate(cloud: SandboxCloud, body: unknown): { token: string; info: TokenInfo } {
  const auth = (body as { auth?: Record<string, unknown> })?.auth;
  const identity = auth?.identity as Record<string, unknown> | undefined;
  const methods = (identity?.methods as string[] | undefined) ?? [];
  let user: SandboxUser;
  if (methods.includes('password')) {
    const given = (identity?.password as { user?: Record<string, unknown> })?.user ?? {};
    const domain = given.domain as { name?: string; id?: string } | undefined;
    if (given.name && !domain)
      throw new NovaFault(
        400,
        'Expecting to find domain in user. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.',
      );
    if (domain && domain.name !== 'Default' && domain.id !== 'default') throw unauthorized();
    user = given.id
      ? [...cloud.users.values()].find((u) => u.id === given.id)
      : cloud.users.get(String(given.name));
    if (!user || user.password !== given.password) throw unauthorized();
    const scope = (
      auth?.scope as { project?: { name?: string; id?: string; domain?: { name?: string; id?: string } } }
    )?.project;
    if (scope) {
      const project = scope.id
        ? [...cloud.projects.values()].find((p) => p.id === scope.id)
        : cloud.projects.get(String(scope.name));
      if (!project || project.id !== user.projectId) throw unauthorized();
    }
  } else if (methods.includes('application_credential')) {
    const credential = identity?.application_credential as Record<string, unknown> | undefined;
    if (auth?.scope) throw new NovaFault(401, 'Application credentials cannot request a scope.');
    if (credential?.id !== SEED_APP_CREDENTIAL.id || credential?.secret !== SEED_APP_CREDENTIAL.secret)
      throw unauthorized();
    user = cloud.users.get(SEED_APP_CREDENTIAL.user);
  } else {
    throw new NovaFault(401, 'The request you have made requires authentication.');
  }
  if (!user) throw unauthorized();
  const now = cloud.clock.now();
  const project = [...cloud.projects.values()].find((p) => p.id === user.projectId) as {
    id: string;
    name: string;
  };
  const info: TokenInfo = {
    userId: user.id,
    userName: user.name,
    projectId: project.id,
    projectName: project.name,
    roles: user.roles,
    issuedAt: now,
    expiresAt: now + cloud.tokenTtlSeconds * 1000,
    methods: methods.slice(0, 1),
  };
  const token = `gAAAAA${randomBytes(24).toString('hex')}`;
  cloud.tokens.set(token, info);
  return { token, info };
}

export function validateToken(cloud: SandboxCloud, token: string | undefined): TokenInfo {
  const info = token ? cloud.tokens.get(token) : undefined;
  if (!info || info.expiresAt <= cloud.clock.now()) throw unauthorized();
  return info;
}
