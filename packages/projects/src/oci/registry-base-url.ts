/** True for hosts Docker reaches over plain HTTP without configuration: localhost and loopback. */
export function isLoopbackRegistry(host: string): boolean {
  const name = hostWithoutPort(host).toLowerCase();
  return name === "localhost" || name === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/**
 * The base URL of a registry's API: `http://` for localhost and 127.0.0.0/8 (as Docker
 * does) and for hosts listed in `insecureRegistries` (entries are `host` or `host:port`),
 * `https://` for every other registry.
 */
export function registryBaseUrl(host: string, insecureRegistries: readonly string[] = []): string {
  const lower = host.toLowerCase();
  const insecure =
    isLoopbackRegistry(host) || insecureRegistries.some((entry) => {
      const e = entry.trim().toLowerCase().replace(/^https?:\/\//, "").replace(/\/+$/, "");
      return e === lower || (!e.includes(":") && e === hostWithoutPort(lower));
    });
  return `${insecure ? "http" : "https"}://${host}`;
}

function hostWithoutPort(host: string): string {
  if (host.startsWith("[")) return host.slice(1, host.indexOf("]"));
  if (host.indexOf(":") !== host.lastIndexOf(":")) return host; // a bare IPv6 address
  const colon = host.lastIndexOf(":");
  return colon >= 0 ? host.slice(0, colon) : host;
}
