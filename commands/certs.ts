import { defineCommand } from './services.js';

const day = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export default defineCommand({
  name: 'certs',
  aliases: ['certificates'],
  summary: 'list every certificate with its expiry',
  description:
    'Lists the certificates of the managed proxy: each name, its issuer, when it expires and when it renews (at a fraction of its own lifetime), and names still waiting for one with the last error and the next try.',
  examples: ['certs'],
  phrases: {
    en: ["certificates", "certificate", "certs", "cert check", "certificate check", "certs check", "ssl", "tls", "https", "cert expiry", "when do certs expire", "certs expire", "certificate status", "certs status", "list certificates", "list the certs", "expiry dates", "certificates expire", "certificates up to date", "certs up to date", "certificates valid", "certificate ok", "cert ok", "check the certificates", "certificate renew", "certs renew", "certificates renew", "certs run out", "certificates run out", "cert run out"],
    fr: ["certificats", "certificat", "certifs", "etat des certificats", "liste certificats", "liste des certificats", "expiration des certificats", "certificats expirent", "certificats a jour", "certificats valides", "certificat ok", "certificat renouvelle", "certificats renouvellent", "renouvellement des certificats", "certificats expirent", "certificat expire"],
  },
  args: [] as const,
  sideEffects: false,
  async run(ctx) {
    const view = ctx.services.certs;
    if (!view) return ctx.t.certsNoProxy();
    if (view.mode === 'external') return ctx.t.certsExternal();
    if (view.mode === 'disabled') return ctx.t.certsDisabled();
    const list = view.list();
    if (!list.length) return ctx.t.certsNone();
    const lines = list.map((c) => {
      if ('missing' in c) {
        return `- :x: **${c.name}**: no certificate yet${c.failing ? `: ${c.failing.error} (next try ${c.failing.retryAt})` : ''}`;
      }
      const icon = c.daysLeft < 0 ? ':x:' : c.failing ? ':warning:' : ':lock:';
      const left = c.daysLeft < 0 ? 'expired' : `${c.daysLeft} day(s) left`;
      const failing = c.failing ? `; renewal failing: ${c.failing.error} (next try ${c.failing.retryAt})` : '';
      return `- ${icon} **${c.name}**: ${c.issuer}, expires ${day(c.notAfter)} (${left}), renews from ${day(c.renewAt)}${failing}`;
    });
    return [ctx.t.certsHead(list.length), ...lines].join('\n');
  },
});
