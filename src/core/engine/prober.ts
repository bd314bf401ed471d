// The HTTP prober port, in its own file so that connection.ts (which holds one) and probe.ts (which builds them)
// do not import each other.
export interface HttpProber {
  readonly kind: 'direct' | 'engine';
  /** GET url (an app's address on `network`); resolves with the status, rejects when nothing answered. */
  get(url: string, timeoutMs: number, network?: string): Promise<{ status: number; body: string }>;
  /** GET http://host:port/path with a chosen Host header (the proxy's reload check, the certificates' self-probe). */
  getWithHost(host: string, port: number, pathname: string, hostHeader: string, timeoutMs: number): Promise<{ status: number; body: string }>;
}
