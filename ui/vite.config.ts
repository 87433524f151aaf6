/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// Tauri loads the dev server (devUrl) in dev and embeds ui/dist in release builds.
export default defineConfig(({ mode }) => ({
  plugins: [svelte()],
  clearScreen: false,
  // Must match build.devUrl in tauri.conf.json.
  server: { port: 5173, strictPort: true },
  build: {
    outDir: mode === "mock" ? "dist-mock" : "dist",
    target: "es2022",
    sourcemap: false,
    // The mock build carries the recorded tape of the browser test (a few MB of JSON).
    chunkSizeWarningLimit: mode === "mock" ? 4096 : undefined,
  },
  resolve: process.env.VITEST ? { conditions: ["browser"] } : undefined,
  test: {
    environment: "jsdom",
    globals: true,
    include: ["src/**/*.test.ts"],
    setupFiles: ["./src/test-setup.ts"],
    // jsdom with ProseMirror takes ~3 s for the editor's longest journey on a quiet
    // 2-core machine; CI builds beside it. The default 5 s would fail on load, not on a bug.
    testTimeout: 20_000,
  },
}));
