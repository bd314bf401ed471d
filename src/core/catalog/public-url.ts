// An app's public address, as users reach it: its scheme follows what serves it (proxy.publicScheme), and a
// port is shown where Summoner's own proxy publishes that scheme on a port that is not the scheme's default.
import type { Config } from '../../config/schema.js';

type UrlConfig = { proxy: Pick<Config['proxy'], 'mode' | 'httpPort' | 'httpsPort' | 'publicScheme'>; certificates: Pick<Config['certificates'], 'enabled'> };

/** `http` where Summoner's proxy serves the apps without certificates (unless told otherwise), else `https`. */
export function publicScheme(config: UrlConfig): 'http' | 'https' {
  const { proxy, certificates } = config;
  if (proxy.publicScheme !== 'auto') return proxy.publicScheme;
  return proxy.mode === 'managed' && !certificates.enabled ? 'http' : 'https';
}

export function publicUrl(config: UrlConfig, host: string): string {
  const scheme = publicScheme(config);
  const { proxy, certificates } = config;
  // Summoner's proxy serves https only with certificates: an https address without them ends TLS elsewhere
  const servedHere = proxy.mode === 'managed' && (scheme === 'http' || certificates.enabled);
  const port = scheme === 'https' ? proxy.httpsPort : proxy.httpPort;
  const shown = servedHere && port !== (scheme === 'https' ? 443 : 80) ? `:${port}` : '';
  return `${scheme}://${host}${shown}`;
}
