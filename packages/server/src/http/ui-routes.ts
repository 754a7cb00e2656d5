import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/** Where the UI bundle is: a folder holding `index.html` and `assets/`. */
export interface UiRoutesOptions {
  readonly staticDir: string;
}

/** A year: hashed asset names change whenever their content does. */
const IMMUTABLE = "public, max-age=31536000, immutable";
const HTML_TYPE = "text/html; charset=utf-8";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": HTML_TYPE,
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".webp": "image/webp",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/** API prefixes that never fall back to the UI: an unknown API path stays a JSON 404. */
const API_PATHS = /^\/(api|ajax-api)(\/|$)/;

/**
 * The UI bundle next to the server package (`packages/ui/dist`), found relative to this file
 * so the server has no runtime dependency on the UI package. It may not exist (UI not built).
 */
export function defaultUiStaticDir(): string {
  return fileURLToPath(new URL("../../../ui/dist", import.meta.url));
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sextant: UI not built</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40em;margin:3em auto">
<h1>The web UI is not built</h1>
<p>This server has no UI bundle to serve. Run <code>npm run build</code> in the Sextant checkout
(it builds <code>packages/ui</code> into <code>packages/ui/dist</code>), then reload this page.
The REST API under <code>/api/2.0</code> works without it.</p>
</body></html>
`;

/** A path inside `root`, or null when the request tries to leave it. */
function insideRoot(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  const full = resolve(root, `.${decoded.startsWith("/") ? decoded : `/${decoded}`}`);
  return full === root || full.startsWith(root + sep) ? full : null;
}

async function isFile(path: string): Promise<number | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : null;
  } catch {
    return null;
  }
}

function acceptsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? "";
  return accept.includes("text/html");
}

/**
 * Serves the built web UI: `index.html` at `/` and, for deep links, at any other unknown
 * GET path whose request accepts text/html (never under `/api` or `/ajax-api`, which keep
 * their JSON ENDPOINT_NOT_FOUND 404); files under `/assets/` with year-long immutable caching;
 * other files of the bundle (icons) with a short cache. index.html is never cached, so a new
 * build is picked up on reload. Without a build, `/` and deep links answer 404 with a page
 * saying to run `npm run build`. Register it after the API routes (it adds a `GET /*`).
 */
export async function registerUiRoutes(app: FastifyInstance, opts: UiRoutesOptions): Promise<void> {
  const root = resolve(opts.staticDir);
  const indexPath = join(root, "index.html");

  const sendIndex = async (reply: FastifyReply): Promise<FastifyReply> => {
    let html: string;
    try {
      html = await readFile(indexPath, "utf8");
    } catch {
      return reply.code(404).header("content-type", HTML_TYPE).header("cache-control", "no-store").send(NOT_BUILT_PAGE);
    }
    return reply.code(200).header("content-type", HTML_TYPE).header("cache-control", "no-cache").send(html);
  };

  const sendFile = async (reply: FastifyReply, urlPath: string, cache: string): Promise<FastifyReply | null> => {
    const full = insideRoot(root, urlPath);
    if (!full) return null;
    const size = await isFile(full);
    if (size === null) return null;
    const type = CONTENT_TYPES[extname(full).toLowerCase()] ?? "application/octet-stream";
    reply.code(200).header("content-type", type).header("content-length", size).header("cache-control", cache);
    return reply.send(createReadStream(full));
  };

  app.get("/", (_request, reply) => sendIndex(reply));

  app.get("/assets/*", async (request, reply) => {
    const path = request.url.split("?")[0] ?? "";
    const sent = await sendFile(reply, path, IMMUTABLE);
    return sent ?? reply.callNotFound();
  });

  app.get("/*", async (request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    if (API_PATHS.test(path)) return reply.callNotFound();
    if (path !== "/index.html") {
      const sent = await sendFile(reply, path, "public, max-age=3600");
      if (sent) return sent;
    }
    if (!acceptsHtml(request)) return reply.callNotFound();
    return sendIndex(reply);
  });
}
