// Starts the page's ingest worker: loads its wasm-bindgen glue, then its wasm module.
// When either cannot be loaded (offline after the page loaded, a missing file), the
// worker says so, and the page reads on its own thread instead of waiting for it.
try {
  importScripts("./session-lens-worker.js");
  wasm_bindgen("./session-lens-worker_bg.wasm").catch((error) => {
    postMessage({ kind: "unavailable", value: "its wasm did not load: " + error });
  });
} catch (error) {
  postMessage({ kind: "unavailable", value: "its script did not load: " + error });
}
