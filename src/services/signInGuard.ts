// Limits on failed sign-ins, kept per (account, address) and per address. Locking per account alone
// let anyone lock anyone out by guessing from anywhere; keyed with the address, an attacker locks only
// their own attempts at that account, while the owner signing in from elsewhere is unaffected. The
// key is the e-mail as typed (lower-cased), whether or not the account exists, so the responses for
// unknown and real accounts are the same. Held in memory: a restart clears the counts.
export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MINUTES = 15;
/** Failed attempts from one address across all accounts (password spraying) within the window. */
export const MAX_FAILED_PER_ADDRESS = 20;
export const ADDRESS_WINDOW_MINUTES = 10;

interface Failures {
  times: number[];
  lockedUntil: number | null;
}

export class SignInGuard {
  private readonly accounts = new Map<string, Failures>();
  private readonly addresses = new Map<string, number[]>();

  private static key(email: string, ip: string): string {
    return `${email.trim().toLowerCase()}\u0000${ip}`;
  }

  /** Why an attempt is refused before any password is checked, or null to go ahead. */
  refusal(email: string, ip: string, now = Date.now()): 'throttled' | 'locked' | null {
    const fromAddress = (this.addresses.get(ip) ?? []).filter((t) => now - t < ADDRESS_WINDOW_MINUTES * 60_000);
    if (fromAddress.length >= MAX_FAILED_PER_ADDRESS) return 'throttled';
    const f = this.accounts.get(SignInGuard.key(email, ip));
    return f?.lockedUntil && f.lockedUntil > now ? 'locked' : null;
  }

  /** Records a failed attempt; returns the time the (account, address) pair is now locked until, if it is. */
  recordFailure(email: string, ip: string, now = Date.now()): Date | null {
    const window = LOCKOUT_MINUTES * 60_000;
    this.addresses.set(ip, [...(this.addresses.get(ip) ?? []).filter((t) => now - t < ADDRESS_WINDOW_MINUTES * 60_000), now]);
    const key = SignInGuard.key(email, ip);
    const prev = this.accounts.get(key);
    const times = [...(prev?.times ?? []).filter((t) => now - t < window), now];
    const lockedUntil = times.length >= MAX_FAILED_SIGN_INS ? now + window : null;
    this.accounts.set(key, { times: lockedUntil ? [] : times, lockedUntil });
    this.prune(now);
    return lockedUntil ? new Date(lockedUntil) : null;
  }

  /** A successful sign-in clears that account's failures from that address. */
  recordSuccess(email: string, ip: string): void {
    this.accounts.delete(SignInGuard.key(email, ip));
  }

  /** Memory stays bounded under a flood of distinct e-mails or addresses. */
  private prune(now: number): void {
    if (this.accounts.size > 10_000) {
      for (const [k, f] of this.accounts) {
        if ((!f.lockedUntil || f.lockedUntil <= now) && f.times.every((t) => now - t >= LOCKOUT_MINUTES * 60_000)) this.accounts.delete(k);
      }
    }
    if (this.addresses.size > 10_000) {
      for (const [k, v] of this.addresses) if (v.every((t) => now - t >= ADDRESS_WINDOW_MINUTES * 60_000)) this.addresses.delete(k);
    }
  }
}
