import type { Clock } from '../clock.ts';
import type { CloudConfig } from './cloud-config.ts';
import { GlanceClient } from './glance.ts';
import { HttpTransport, type TransportOptions } from './http.ts';
import { IdentityClient } from './identity.ts';
import { KeystoneSession } from './keystone.ts';
import { NeutronClient } from './neutron.ts';
import { NovaClient } from './nova.ts';
import { PlacementClient } from './placement.ts';
import { Redactor } from './redact.ts';
import { ServiceCaller } from './service-caller.ts';

export interface OpenStackClients {
  session: KeystoneSession;
  identity: IdentityClient;
  nova: NovaClient;
  placement: PlacementClient;
  neutron: NeutronClient;
  glance: GlanceClient;
}

export interface ClientOptions {
  clock: Clock;
  timeoutMs?: number;
  retries?: number;
  /** FERRY_ALLOW_INSECURE_CLOUD */
  allowInsecure?: boolean;
  /** told of every cloud answer's status (metrics) */
  observe?: TransportOptions['observe'];
}

/** Builds the Keystone session and the Nova, Placement, Neutron and Glance clients that share it. */
export function createOpenStackClients(config: CloudConfig, options: ClientOptions): OpenStackClients {
  const redactor = new Redactor();
  redactor.rememberCredential(config.auth.kind === 'password' ? config.auth.password : config.auth.secret);
  const transport = new HttpTransport({
    redactor,
    clock: options.clock,
    verify: config.verify,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
    ...(config.cacert ? { cacert: config.cacert } : {}),
    ...(options.observe ? { observe: options.observe } : {}),
  });
  const session = new KeystoneSession(config, transport, options.clock, options.allowInsecure ?? false);
  return {
    session,
    identity: new IdentityClient(new ServiceCaller(session, transport, 'identity', 'identity')),
    nova: new NovaClient(new ServiceCaller(session, transport, 'compute', 'compute')),
    placement: new PlacementClient(new ServiceCaller(session, transport, 'placement', 'placement')),
    neutron: new NeutronClient(new ServiceCaller(session, transport, 'network', 'network'), session),
    glance: new GlanceClient(new ServiceCaller(session, transport, 'image', 'image'), session),
  };
}
