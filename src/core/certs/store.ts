// Certificates on disk: `<dir>/certs/<name>/{fullchain.pem,key.pem}`, 0600, each file written whole. What a
// certificate says (issuer, validity) is read from the certificate itself, never from a side file.
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface StoredCertificate {
  issuer: string;
  notBefore: Date;
  notAfter: Date;
}

export class CertificateStore {
  constructor(private readonly dir: string) {
    fs.mkdirSync(path.join(dir, 'certs'), { recursive: true, mode: 0o700 });
  }

  private certDir(name: string): string {
    return path.join(this.dir, 'certs', name);
  }

  /** The names that have a folder on disk, sorted. */
  names(): string[] {
    return fs.readdirSync(path.join(this.dir, 'certs')).sort();
  }

  read(name: string): StoredCertificate | undefined {
    let pem: string;
    try {
      pem = fs.readFileSync(path.join(this.certDir(name), 'fullchain.pem'), 'utf8');
    } catch {
      return undefined;
    }
    const x = new X509Certificate(pem);
    return { issuer: /CN=([^\n,]+)/.exec(x.issuer)?.[1] ?? x.issuer, notBefore: new Date(x.validFrom), notAfter: new Date(x.validTo) };
  }

  /** Key first, then the chain, each written whole (tmp + rename), 0600. */
  install(name: string, cert: string, key: Buffer): void {
    const dir = this.certDir(name);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const [file, body] of [['key.pem', key], ['fullchain.pem', cert]] as const) {
      const tmp = path.join(dir, `.${file}.tmp`);
      fs.writeFileSync(tmp, body, { mode: 0o600 });
      fs.renameSync(tmp, path.join(dir, file));
    }
  }
}
