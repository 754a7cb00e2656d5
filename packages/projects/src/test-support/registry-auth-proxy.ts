import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, request as httpRequest, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A loopback front for a test registry that demands Basic auth or Bearer tokens. */
export interface RegistryAuthProxy {
  /** `127.0.0.1:<port>`. */
  readonly host: string;
  readonly url: string;
  /** Requests seen, as `METHOD path` with the scheme of their Authorization header. */
  readonly requests: { readonly method: string; readonly path: string; readonly auth: string }[];
  close(): Promise<void>;
}

/**
 * Starts an HTTP front for the registry at `upstream` that answers 401 with a challenge as
 * real registries do: `basic` mode wants `Authorization: Basic` with `username:password`;
 * `bearer` mode sends `WWW-Authenticate: Bearer realm=".../token",service=...,scope=...`
 * and serves that token endpoint, granting pull to anyone and push only with the right
 * Basic credentials (GET) or refresh token (POST, the password standing for it), then checks each request's token covers its repository and action.
 * Everything allowed is forwarded to the registry unchanged (Host kept, so the registry's
 * Location headers point back at the proxy).
 */
export async function startRegistryAuthProxy(upstream: string, mode: "basic" | "bearer", username: string, password: string): Promise<RegistryAuthProxy> {
  const upstreamUrl = new URL(upstream);
  const tokens = new Map<string, Set<string>>();
  const requests: { method: string; path: string; auth: string }[] = [];
  const expectedBasic = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  let base = "";

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", base);
    const auth = req.headers.authorization ?? "";
    requests.push({ method: req.method ?? "GET", path: url.pathname + url.search, auth: auth.split(" ")[0] ?? "" });
    if (mode === "bearer" && url.pathname === "/token") {
      let params = url.searchParams;
      let authenticated = auth === expectedBasic;
      if (req.method === "POST") {
        // OAuth2 refresh-token grant, as Docker does with an `identitytoken`: here the password is the token.
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        params = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
        authenticated = params.get("grant_type") === "refresh_token" && params.get("refresh_token") === password;
        if (!authenticated) {
          res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "bad refresh token" }] }));
          return;
        }
      }
      const scopes = params.getAll("scope").flatMap((s) => s.split(" "));
      if (req.method !== "POST" && auth !== "" && !authenticated) {
        res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "bad credentials" }] }));
        return;
      }
      const granted = new Set<string>();
      for (const scope of scopes) {
        const [type, repo, actions] = scope.split(":");
        for (const action of (actions ?? "").split(",")) {
          if (type === "repository" && repo && (action === "pull" || authenticated)) granted.add(`${repo}:${action}`);
        }
      }
      const token = randomBytes(16).toString("hex");
      tokens.set(token, granted);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ token, expires_in: 300 }));
      return;
    }
    const repoMatch = /^\/v2\/(.+?)\/(?:manifests|blobs|tags)\//.exec(url.pathname);
    const repository = repoMatch?.[1];
    const action = req.method === "GET" || req.method === "HEAD" ? "pull" : "push";
    let allowed: boolean;
    if (mode === "basic") allowed = auth === expectedBasic;
    else {
      const grant = auth.startsWith("Bearer ") ? tokens.get(auth.slice(7)) : undefined;
      allowed = grant !== undefined && (repository === undefined || grant.has(`${repository}:${action}`));
      const from = url.searchParams.get("from");
      if (allowed && from) allowed = grant!.has(`${from}:pull`);
    }
    if (!allowed) {
      const challenge =
        mode === "basic"
          ? 'Basic realm="test registry"'
          : `Bearer realm="${base}/token",service="test-registry"${repository ? `,scope="repository:${repository}:${action === "pull" ? "pull" : "pull,push"}"` : ""}`;
      req.resume();
      res
        .writeHead(401, { "www-authenticate": challenge, "content-type": "application/json" })
        .end(JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "authentication required" }] }));
      return;
    }
    const headers = { ...req.headers };
    delete headers.authorization;
    const forward = httpRequest(
      { host: upstreamUrl.hostname, port: upstreamUrl.port, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", (error) => res.writeHead(502).end(String(error)));
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  return {
    host: `127.0.0.1:${port}`,
    url: base,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `startRegistryAuthProxy` with a fixed test login, returned alongside the proxy. */
export async function registryAuthProxyFor(
  upstream: string,
  mode: "basic" | "bearer",
): Promise<RegistryAuthProxy & { readonly username: string; readonly password: string }> {
  const username = "sextant-test";
  const password = randomBytes(8).toString("hex");
  const proxy = await startRegistryAuthProxy(upstream, mode, username, password);
  return Object.assign(proxy, { username, password });
}
