/*
 * Which recorded Nova and Placement answers (test/fixtures/real-nova) each sandbox endpoint and action
 * is held to by conformance.test.ts, and which recorded answers Ferry does not rely on.
 */

/** Recorded answers of one endpoint: the files whose answers the sandbox must match. */
export const ENDPOINTS: [string, string[]][] = [
  ['version', ['01-versions.json']],
  [
    'services',
    [
      '02-os-services.json',
      '41-os-services-compute2-forced-down.json',
      '48-os-services-final.json',
      '55-os-services-host.json',
      '58-os-services-one-disabled.json',
    ],
  ],
  [
    'hypervisors',
    [
      '03-os-hypervisors-detail.json',
      '49-os-hypervisors-detail-final.json',
      '59-os-hypervisors-detail-one-disabled.json',
    ],
  ],
  [
    'hypervisors 2.87',
    ['08-os-hypervisors-detail-2.87.json', '60-os-hypervisors-detail-one-disabled-2.87.json'],
  ],
  ['hypervisor', ['04-os-hypervisor-show-compute1.json']],
  ['flavors', ['12-flavors.json']],
  [
    'server',
    [
      '10-server-show-vm1.json',
      '16-server-show-while-migrating.json',
      '17-server-show-after-live-migration.json',
      '30-server-show-verify-resize.json',
      '56-server-show-locked-in-group.json',
    ],
  ],
  ['servers', ['11-servers-detail-host-compute1.json', '57-servers-detail-locked-in-group.json']],
  ['server groups', ['50-os-server-groups-all-projects.json']],
  ['server group', ['51-os-server-group-show.json']],
  ['servers paged', ['52-servers-detail-all-tenants-paged.json']],
  ['hypervisors paged', ['54-os-hypervisors-detail-paged.json']],
  ['server migrations', ['14-server-migrations-in-progress.json']],
  ['server migration', ['15-server-migration-show.json']],
  [
    'migrations',
    [
      '18-os-migrations-vm1.json',
      '27-os-migrations-after-abort.json',
      '31-os-migrations-cold-finished.json',
      '34-os-migrations-cold-confirmed.json',
      '37-os-migrations-to-disabled-host.json',
      '47-os-migrations-all.json',
      '53-os-migrations-paged.json',
      '43-os-migrations-evacuation.json',
      '45-os-migrations-evacuation-after-restart.json',
    ],
  ],
  ['actions', ['19-instance-actions-vm1.json']],
  [
    'action',
    ['20-instance-action-live-migration-events.json', '38-instance-action-failed-live-migration.json'],
  ],
  ['providers', ['21-placement-resource-providers.json']],
  ['usages', ['22-placement-usages-compute2.json', '23-placement-usages-compute1.json']],
  ['inventories', ['24-placement-inventories-compute2.json']],
  ['allocations', ['25-placement-allocations-vm1.json', '32-placement-allocations-vm3-verify-resize.json']],
  ['allocation candidates', ['61-placement-allocation-candidates.json']],
  ['projects', ['62-keystone-projects.json']],
  ['aggregates', ['63-os-aggregates.json']],
  ['service update refused', ['44-os-services-unforce-down-before-restart.json']],
  [
    'service update',
    [
      '35-os-services-disable.json',
      '39-os-services-enable.json',
      '40-os-services-force-down.json',
      '46-os-services-unforce-down.json',
    ],
  ],
];

/** Actions real Nova answers with a status and no body. */
export const ACTIONS: [string, string[]][] = [
  ['live migrate', ['13-live-migrate-request.json', '36-live-migrate-to-disabled-host.json']],
  ['abort', ['26-migration-abort.json']],
  ['force complete', ['28-migration-force-complete.json']],
  ['cold migrate', ['29-cold-migrate-request.json']],
  ['confirm', ['33-confirm-resize.json']],
  ['evacuate', ['42-evacuate.json']],
];

/** Recorded answers Ferry does not ask for (or not yet modelled), and why. */
export const NOT_RELIED_ON: [string, string][] = [
  ['05-os-hypervisor-uptime.json', 'uptime is removed at 2.88; Ferry never asks'],
  ['06-os-hypervisor-uptime-2.87.json', 'uptime: Ferry never asks'],
  ['07-os-hypervisors-statistics-2.87.json', 'statistics: Ferry reads Placement instead'],
  ['09-os-hypervisors-with-servers.json', 'Ferry lists servers by host, not through hypervisors'],
];
