import { mount } from "svelte";
import "./app.css";
import App from "./App.svelte";

async function start() {
  // The `mock` build (headless browser test only) replays responses recorded from the
  // real back end. In production builds MODE is "production", so this branch and its
  // import are removed.
  if (import.meta.env.MODE === "mock") {
    await import("./lib/ipc/mock-replay");
  }
  mount(App, { target: document.getElementById("app")! });
}

void start();
