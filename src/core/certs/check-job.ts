// The certificate check as a job of the one scheduler (src/schedule registers it as a built-in job): renew what
// is due, retry what failed, alarm on what expires soon. Shaped like the scheduler's BuiltinJob without importing
// it (core never imports schedule); app.ts hands it to scheduler.addBuiltin.
import type { CertificateManager } from './manager.js';

export const CERT_CHECK_JOB = 'cert-check';

export interface CertificateCheckJob {
  name: string;
  cron: string;
  run(): Promise<string>;
}

/**
 * `ready` runs first (the proxy started, so the served names are known): a check caught up at start would
 * otherwise see no names and do nothing.
 */
export function certificateCheckJob(
  certs: Pick<CertificateManager, 'checkCertificates'>,
  o: { cron: string; ready?: () => Promise<void> },
): CertificateCheckJob {
  return {
    name: CERT_CHECK_JOB,
    cron: o.cron,
    async run() {
      await o.ready?.();
      const r = await certs.checkCertificates();
      const parts = [
        r.issued.length ? `issued ${r.issued.join(', ')}` : '',
        r.renewed.length ? `renewed ${r.renewed.join(', ')}` : '',
        r.expiring.length ? `expiring soon: ${r.expiring.join(', ')}` : '',
      ].filter(Boolean);
      // a failed order is announced by its own cert.failing event and retried with backoff: said here, not thrown
      // (a job.failed on top would announce it twice)
      if (r.failed.length) parts.push(`failed ${r.failed.join(', ')} (retried with backoff)`);
      return parts.length ? parts.join('; ') : 'no certificate due';
    },
  };
}
