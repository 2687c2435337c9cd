import type { ServiceCaller } from './service-caller.ts';

/** Keystone beyond tokens: the projects, so that settings may name a project instead of its ID. */
export class IdentityClient {
  constructor(private readonly identity: ServiceCaller) {}

  /** Every project (Keystone's admin list); answers ID and name. */
  async listProjects(): Promise<{ id: string; name: string }[]> {
    // the catalog's identity URL is versioned (".../v3/") on some clouds, bare on others
    const versioned = /\/v3\/?$/.test(await this.identity.baseUrl());
    const response = await this.identity.call('GET', versioned ? '/projects' : '/v3/projects');
    const { projects } = response.body as { projects: { id: string; name: string }[] };
    return projects.map((project) => ({ id: project.id, name: project.name }));
  }
}
