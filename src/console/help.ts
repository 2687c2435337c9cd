import type { CommandDefinition } from '../chat/command.ts';
import { t, translated } from '../i18n/index.ts';
import { faultHelpLine } from './fault-grammar.ts';

/** The console's help: the slash commands from the one list, then the console's own. */
export function helpText(commands: CommandDefinition[]): string {
  return [
    t`Type Slack commands as you would in Slack:`,
    ...commands.map((command) => `  ${`${command.name} help`.padEnd(25)} ${translated(command.description)}`),
    t`Console commands:
  /as <name>                act as another person (see the roster above)
  /buttons                  list the buttons you can press
  /home                     your App Home tab: approvals, what moves, maintenance ahead, your moves
  <number> | <label>        press a button, e.g. 1 or approve`,
    faultHelpLine(),
    t`  /wait                     wait until every running migration has ended (Enter stops waiting)
  help                      this text
  exit                      leave (Ctrl-D or Ctrl-C work too). On a real cloud, running migrations
                            resume at the next start; the built-in sandbox ends with the console,
                            so its migrations end too and Ferry says so when it starts again`,
  ].join('\n');
}
