/**
 * When the bundle's chunks (the sample bundle, the bundle loader with its validators) are asked
 * for: once the saved build has been read and the first screen has painted (App.tsx calls
 * `fetchBundleChunks`), so the gallery's
 * first cards (gallery/sampleGallery.ts) do not share the network and the main thread with
 * 300 KB of gzip they do not need. Every other first screen waits one frame longer for them.
 */
let open: () => void = () => undefined;

export const bundleChunksWanted = new Promise<void>((resolve) => {
  open = resolve;
});

/** Lets the bundle's chunks load; calling it again does nothing. */
export function fetchBundleChunks(): void {
  open();
}
