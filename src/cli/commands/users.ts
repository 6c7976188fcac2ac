import type { Command } from 'commander';
import { roles, isRole } from '../../domain/access/roles.js';
import { listDistricts } from '../../repositories/districts.js';
import { listUsers } from '../../repositories/users.js';
import { accountProblems, createAccount } from '../../services/accounts.js';
import { disableDemoAccounts } from '../../services/productionSafety.js';
import { cliActor, print, withRuntime } from '../runtime.js';

const collect = (v: string, prev: string[]) => [...prev, v];

export function usersCommand(program: Command): void {
  const users = program.command('users').description('Manage user accounts (administrators)');
  users
    .command('create')
    .description('Create a user account')
    .requiredOption('--role <role>', `one of: ${roles.join(', ')}`)
    .requiredOption('--email <email>', 'e-mail address (the sign-in name; must match the SSO e-mail for single sign-on)')
    .requiredOption('--name <name>', 'display name')
    .option('--password <password>', 'temporary password (12+ characters; must be changed at first sign-in); omit for SSO-only')
    .option('--urn <urn>', 'a school the account covers (repeatable)', collect, [])
    .option('--district <name>', 'a district the account covers (repeatable)', collect, [])
    .action(async (opts: { role: string; email: string; name: string; password?: string; urn: string[]; district: string[] }) => {
      await withRuntime(async (rt) => {
        const districts = await listDistricts(rt.database.db, rt.organisation.id);
        const unknown = opts.district.filter((d) => !districts.some((x) => x.name === d));
        const urns = opts.urn.map(Number);
        const problems = accountProblems({ email: opts.email, displayName: opts.name, role: opts.role, password: opts.password ?? null, urns, districtIds: opts.district.map((d) => districts.find((x) => x.name === d)?.id ?? 0) });
        if (unknown.length) problems.district = `Unknown district(s): ${unknown.join(', ')}. Districts: ${districts.map((d) => d.name).join(', ')}`;
        if (Object.keys(problems).length || !isRole(opts.role)) {
          for (const p of Object.values(problems)) process.stderr.write(`${p}\n`);
          process.exitCode = 2;
          return;
        }
        const user = await createAccount(
          rt.database.db,
          {
            organisationId: rt.organisation.id,
            email: opts.email,
            displayName: opts.name,
            role: opts.role,
            password: opts.password ?? null,
            urns,
            districtIds: opts.district.map((d) => districts.find((x) => x.name === d)!.id),
            mustChangePassword: Boolean(opts.password),
          },
          cliActor(rt.organisation.id),
        );
        print(`Created user ${user.id}: ${user.email} (${user.role})`);
      });
    });
  users
    .command('list')
    .description('List user accounts')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withRuntime(async (rt) => {
        const list = (await listUsers(rt.database.db, rt.organisation.id)).map((u) => ({ id: u.id, email: u.email, name: u.displayName, role: u.role, disabled: u.disabled, demo: u.isDemo }));
        if (opts.json) print(JSON.stringify(list, null, 2));
        else for (const u of list) print(`${u.id}\t${u.role}\t${u.email}${u.disabled ? ' (disabled)' : ''}${u.demo ? ' (demo)' : ''}`);
      });
    });
  users
    .command('disable-demo')
    .description('Disable every local demo account (required before serving with NODE_ENV=production); audited')
    .action(async () => {
      await withRuntime(async (rt) => {
        const disabled = await disableDemoAccounts(rt.database.db, cliActor(rt.organisation.id));
        if (!disabled.length) print('No demo account can sign in; nothing to do');
        else print(`Disabled ${disabled.length} demo account(s):\n${disabled.map((e) => `  ${e}`).join('\n')}`);
      });
    });
}
