// Starts the page's own-thread reader (src/ui/page_reader.rs): loads its wasm-bindgen
// glue, then its wasm module, which sets window.sessionLensRead. Then it fires the
// "session-lens-reader" event, whose detail is empty, or says why the reader could not
// be loaded (offline after the page loaded, a missing file).
(function () {
  const announce = (reason) => window.dispatchEvent(new CustomEvent("session-lens-reader", { detail: reason }));
  const glue = document.createElement("script");
  glue.src = "./session-lens-reader.js";
  glue.onload = () => {
    wasm_bindgen("./session-lens-reader_bg.wasm").then(
      () => announce(""),
      (error) => announce("its wasm did not load: " + error),
    );
  };
  glue.onerror = () => announce("its script did not load");
  document.head.appendChild(glue);
})();
