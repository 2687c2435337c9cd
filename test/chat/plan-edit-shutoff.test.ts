import { expect, it } from 'vitest';
import { editPlanModal, editsSection } from '../../src/chat/plan-edit-view.ts';
import type { EvacuationItemState } from '../../src/core/model/records.ts';
import { evacuation, item } from '../helpers/hostile.ts';

/** An evacuation waiting for approval: one running server, one Nova shows SHUTOFF, both edited to cold. */
function planWithShutOff() {
  const items: EvacuationItemState[] = [
    item('waiting', { serverId: 'id-web', serverName: 'web-1', status: 'ACTIVE' }),
    item('waiting', { serverId: 'id-batch', serverName: 'batch-7', status: 'SHUTOFF', mode: 'cold' }),
  ];
  const request = evacuation('pending', 'planned');
  request.evacuation.items = items;
  request.evacuation.edits = items.map((i) => ({
    code: 'force-cold',
    serverId: i.serverId,
    by: 'U_ALICE',
    at: 0,
  }));
  return request;
}

it('never says a cold move stops a server that is shut off already (Edit plan and the edits list)', () => {
  const request = planWithShutOff();
  const modal = JSON.stringify(editPlanModal(request, 0, ['compute2']));
  const selects = (
    editPlanModal(request, 0, ['compute2']).blocks as { block_id?: string; element?: unknown }[]
  )
    .filter((block) => block.block_id?.startsWith('choice:'))
    .map((block) => JSON.stringify(block.element));
  expect(selects[0]).toContain('Move cold (it is stopped)');
  expect(selects[1]).toContain('Move cold (shut off already: it stays off)');
  expect(selects[1]).not.toContain('it is stopped');
  expect(modal).toContain('web-1');

  const listed = JSON.stringify(editsSection(request.evacuation.edits, request.evacuation.items));
  expect(listed).toContain('web-1 moved cold: it is stopped, moved and started again');
  expect(listed).toContain('batch-7 moved cold: it is shut off already, is moved and stays off');
});
