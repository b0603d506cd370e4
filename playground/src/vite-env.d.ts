/// <reference types="vite/client" />

/** The sample bundle's gallery texts, made at build time (vite.config.ts `sampleGallery`). */
declare module 'virtual:sample-gallery' {
  const index: import('./gallery/sampleGallery.js').SampleGalleryIndex;
  export default index;
}
