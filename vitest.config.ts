import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const pkg = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      "@sextant/protocol": pkg("protocol"),
      "@sextant/server": pkg("server"),
      "@sextant/sdk": pkg("sdk"),
      "@sextant/projects": pkg("projects"),
    },
  },
  test: {
    include: ["packages/*/src/**/*.test.ts", "examples/**/*.test.ts", "bench/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    globalSetup: ["./test/global-setup.ts"],
  },
});
