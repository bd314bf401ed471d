// Who may run what. Deny by default: a command with side effects needs `admin` unless it says otherwise,
// and a check that fails for any reason denies (STYLE: never fail open).
import { permissionOf, type AnyCommand, type UserInfo } from './command.js';

export interface AccessConfig {
  admins: readonly string[];
  roles: Readonly<Record<string, readonly string[]>>;
  shellIsAdmin: boolean;
}

export function userInfo(access: AccessConfig, id: string, name: string, source: string): UserInfo {
  // Only people are admins (and the host's shell, when allowed). Scheduled jobs and recipes are principals of
  // their own, checked by Robot.invokeAsSystem against what their author may run now (or what the config declares).
  const isAdmin = access.admins.includes(id) || (source === 'shell' && access.shellIsAdmin);
  const roles = Object.entries(access.roles)
    .filter(([, ids]) => ids.includes(id))
    .map(([role]) => role);
  return { id, name, isAdmin, roles };
}

export function canRun(user: UserInfo, cmd: AnyCommand): boolean {
  try {
    const p = permissionOf(cmd);
    if (user.isAdmin) return true;
    if (p === 'anyone') return true;
    if (p === 'admin') return false;
    return user.roles.includes(p.slice('role:'.length));
  } catch {
    return false;
  }
}

/** "admins (…)" or "the operator role (…) and admins": who to ask, by user id since names can change. */
export function whoCanRun(access: AccessConfig, cmd: AnyCommand, names: (id: string) => string): string {
  const p = permissionOf(cmd);
  const list = (ids: readonly string[]) => (ids.length ? ids.map(names).join(', ') : 'nobody is configured');
  if (p === 'anyone') return 'everyone';
  const admins = `admins (${list(access.admins)})`;
  if (p === 'admin') return admins;
  const role = p.slice('role:'.length);
  return `the ${role} role (${list(access.roles[role] ?? [])}) and ${admins}`;
}
