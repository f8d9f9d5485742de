import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";

/** Where `npm run dev` expects the Firedrill server (REST + websockets on one port). */
const DEV_SERVER_URL = process.env.FIREDRILL_URL ?? "http://127.0.0.1:2567";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react()],
  build: { outDir: fileURLToPath(new URL("../dist/client", import.meta.url)), emptyOutDir: true },
  server: {
    proxy: {
      "/api": DEV_SERVER_URL,
      // Colyseus matchmaking + room websockets
      "/matchmake": DEV_SERVER_URL,
      "^/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+\\?": { target: DEV_SERVER_URL.replace(/^http/, "ws"), ws: true },
    },
  },
});
