import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/**
 * Builds the browser bundle into dist/. Assets get content hashes under /assets/ so the
 * server can cache them for a year; index.html is served fresh on every deep link.
 */
export default defineConfig({
  base: "/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: {
      "/ajax-api": process.env.SEXTANT_UI_API ?? "http://127.0.0.1:5000",
      "/get-artifact": process.env.SEXTANT_UI_API ?? "http://127.0.0.1:5000",
      "/model-versions/get-artifact": process.env.SEXTANT_UI_API ?? "http://127.0.0.1:5000",
    },
  },
});
