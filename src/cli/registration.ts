// `gmis registration status|open|close`: when the public 新規ユーザ登録申請 form takes applications
// (the office console will offer the same).
import type { Command } from 'commander';
import { parsePublishAt } from '../portal/notices.ts';
import { formatJst } from '../platform/japanese/time.ts';
import { closedWindow, readWindow, setRegistrationWindowFromCli, windowState } from '../registration/window.ts';
import type { Runtime } from '../runtime.ts';

type WithRuntime = <T>(fn: (rt: Runtime) => Promise<T>) => Promise<T>;

function time(option: string, text: string | undefined): number | null {
  if (text === undefined) return null;
  const ms = parsePublishAt(text);
  if (ms === undefined) {
    console.error(`error: cannot read ${option} "${text}"; use e.g. "2026-11-13 09:00" (Japan time)`);
    process.exit(2);
  }
  return ms;
}

async function printStatus(rt: Runtime): Promise<void> {
  const s = windowState(await readWindow(rt.deps.db), rt.deps.clock.now());
  if (s.open) console.log(`open${s.closesAt ? ` until ${formatJst(s.closesAt)}` : ''}`);
  else console.log(`closed${s.opensAt ? `; opens ${formatJst(s.opensAt)}` : '; no opening scheduled'}`);
}

export function registerRegistrationCommands(program: Command, withRuntime: WithRuntime): void {
  const registration = program.command('registration').description('the public 新規ユーザ登録申請 form: when it takes applications');

  registration
    .command('status')
    .description('say whether the form is open, and until or from when')
    .action(() => withRuntime(printStatus));

  registration
    .command('open')
    .description('open the form now, or from --from; optionally until --until')
    .option('--from <time>', 'opening time, e.g. "2026-11-13 09:00" (Japan time)')
    .option('--until <time>', 'closing time')
    .action((opts: { from?: string; until?: string }) => {
      const from = time('--from', opts.from);
      const until = time('--until', opts.until);
      if (from !== null && until !== null && until <= from) {
        console.error('error: --until must be after --from');
        process.exit(2);
      }
      return withRuntime(async (rt) => {
        await setRegistrationWindowFromCli(rt.deps, { opensAt: from, closesAt: until });
        await printStatus(rt);
      });
    });

  registration
    .command('close')
    .description('close the form now; with --reopen it opens again at that time')
    .option('--reopen <time>', 'when it opens again, e.g. "2026-11-13 09:00" (Japan time); shown on the closed page')
    .action((opts: { reopen?: string }) => {
      const reopen = time('--reopen', opts.reopen);
      return withRuntime(async (rt) => {
        await setRegistrationWindowFromCli(rt.deps, closedWindow(rt.deps.clock.now(), reopen));
        await printStatus(rt);
      });
    });
}
