import { describe, expect, it } from "vitest";
import { parseAuthChallenges } from "./auth-challenge.js";
import { formatImageReference, manifestReferenceOf, parseImageReference } from "./image-reference.js";
import { registryBaseUrl } from "./registry-base-url.js";

describe("parseImageReference", () => {
  it("resolves Docker Hub short names to registry-1.docker.io and the library/ namespace", () => {
    const ref = parseImageReference("node:20-slim");
    expect(ref).toEqual({ registry: "docker.io", apiHost: "registry-1.docker.io", repository: "library/node", tag: "20-slim" });
    expect(formatImageReference(ref)).toBe("docker.io/library/node:20-slim");
    expect(parseImageReference("python")).toMatchObject({ repository: "library/python", apiHost: "registry-1.docker.io" });
    expect(manifestReferenceOf(parseImageReference("python"))).toBe("latest");
    expect(parseImageReference("bitnami/kubectl:1.30")).toMatchObject({ repository: "bitnami/kubectl", apiHost: "registry-1.docker.io" });
    expect(parseImageReference("docker.io/node:20")).toMatchObject({ repository: "library/node", registry: "docker.io" });
    expect(parseImageReference("index.docker.io/library/node")).toMatchObject({ repository: "library/node", registry: "docker.io" });
  });

  it("treats a first component with a dot, a port or localhost as the registry", () => {
    expect(parseImageReference("127.0.0.1:5001/team/base:1")).toEqual({ registry: "127.0.0.1:5001", apiHost: "127.0.0.1:5001", repository: "team/base", tag: "1" });
    expect(parseImageReference("localhost/app")).toMatchObject({ registry: "localhost", repository: "app" });
    expect(parseImageReference("ghcr.io/org/img")).toMatchObject({ registry: "ghcr.io", repository: "org/img" });
    expect(parseImageReference("my.registry:443/a/b/c:v1.2")).toMatchObject({ registry: "my.registry:443", repository: "a/b/c", tag: "v1.2" });
    const digest = `sha256:${"a".repeat(64)}`;
    expect(parseImageReference(`ghcr.io/org/img:1@${digest}`)).toMatchObject({ tag: "1", digest });
    expect(manifestReferenceOf(parseImageReference(`ghcr.io/org/img:1@${digest}`))).toBe(digest);
  });

  it("rejects invalid references with the field name and the problem", () => {
    expect(() => parseImageReference("", "docker_env.image")).toThrow("Invalid docker_env.image '': it is empty");
    expect(() => parseImageReference("Team/App")).toThrow(/repository component 'Team' must be lower-case/);
    expect(() => parseImageReference("app:-bad")).toThrow(/tag '-bad'/);
    expect(() => parseImageReference("app@sha256:xyz")).toThrow(/not a digest/);
    expect(() => parseImageReference("a//b")).toThrow(/empty path component/);
  });
});

describe("registryBaseUrl", () => {
  it("uses plain HTTP for loopback and listed insecure registries, HTTPS otherwise", () => {
    expect(registryBaseUrl("127.0.0.1:5001")).toBe("http://127.0.0.1:5001");
    expect(registryBaseUrl("localhost:5000")).toBe("http://localhost:5000");
    expect(registryBaseUrl("registry-1.docker.io")).toBe("https://registry-1.docker.io");
    expect(registryBaseUrl("registry.lan:5000")).toBe("https://registry.lan:5000");
    expect(registryBaseUrl("registry.lan:5000", ["registry.lan:5000"])).toBe("http://registry.lan:5000");
    expect(registryBaseUrl("registry.lan:5000", ["registry.lan"])).toBe("http://registry.lan:5000");
    expect(registryBaseUrl("registry.lan:5000", ["other.lan"])).toBe("https://registry.lan:5000");
  });
});

describe("parseAuthChallenges", () => {
  it("reads Bearer and Basic challenges with quoted parameters", () => {
    const header = 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/node:pull"';
    expect(parseAuthChallenges(header)).toEqual([
      { scheme: "bearer", params: { realm: "https://auth.docker.io/token", service: "registry.docker.io", scope: "repository:library/node:pull" } },
    ]);
    expect(parseAuthChallenges('Basic realm="Registry Realm"')).toEqual([{ scheme: "basic", params: { realm: "Registry Realm" } }]);
    expect(parseAuthChallenges('Basic realm="a", Bearer realm="b\\"c"')).toEqual([
      { scheme: "basic", params: { realm: "a" } },
      { scheme: "bearer", params: { realm: 'b"c' } },
    ]);
    expect(parseAuthChallenges(null)).toEqual([]);
  });
});
