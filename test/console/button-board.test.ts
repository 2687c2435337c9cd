import { describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import type { ConsoleButton } from '../../src/console/blocks-to-text.ts';
import { ButtonBoard, namesOf } from '../../src/console/button-board.ts';
import { inLanguage } from '../../src/i18n/index.ts';

const message = (ts: string) => ({ ts }) as StoredMessage;
const button = (label: string, value: string): ConsoleButton => ({ label, actionId: label, value });

describe("the console's button numbers", () => {
  it('keep what they pressed once listed: a message losing its buttons shifts no other', () => {
    const board = new ButtonBoard();
    board.track(message('1'), [button('Stop', 'e-111111')]);
    board.track(message('2'), [button('Move back', 'e-111111'), button('Stop', 'e-222222')]);
    expect(board.list()).toBe('Buttons: [1] Stop e-111111  [2] Move back e-111111  [3] Stop e-222222');
    // the first evacuation's message is edited: its Stop is gone
    board.track(message('1'), []);
    expect(board.list()).toBe('Buttons: [2] Move back e-111111  [3] Stop e-222222');
    expect(board.choices().find((choice) => choice.number === 2)?.button.label).toBe('Move back');
    expect(board.choices().find((choice) => choice.number === 1)).toBeUndefined();
    // a button that appears later takes the smallest free number; the others keep theirs
    board.track(message('3'), [button('Host is back', 'd-333333:compute3')]);
    expect(board.list()).toBe(
      'Buttons: [1] Host is back d-333333:compute3  [2] Move back e-111111  [3] Stop e-222222',
    );
  });

  // operator trial (#24): in Chinese, `approve` got "没有按钮“approve”" while the README offers it
  it('answer to the English of a label shown in Chinese, and to the action ID', () => {
    const approve = { label: '批准', actionId: 'ferry_approve', value: 'r-ca3b59' };
    const names = inLanguage('zh-CN', () => namesOf(approve));
    expect(names).toEqual(expect.arrayContaining(['批准', 'approve', 'ferry_approve']));
    const moveBack = { label: '迁回 compute2', actionId: 'ferry_evac_move_back', value: 'e-111111' };
    expect(inLanguage('zh-CN', () => namesOf(moveBack))).toContain('move back to compute2');
    expect(namesOf({ label: 'Stop', actionId: 'ferry_evac_stop', value: 'e-1' })).toEqual([
      'stop',
      'ferry_evac_stop',
      'evac_stop',
    ]);
  });
});
