/// <reference types="vite/client" />

/** The sample bundle's gallery texts, made at build time (vite.config.ts `sampleGallery`). */
declare module 'virtual:sample-gallery' {
  const index: {
    manifest: import('./gallery/filterTemplates.js').GalleryManifest;
    templates: Array<import('./gallery/filterTemplates.js').GalleryTemplate>;
    /** The parameter groups the texts quote, as the sample's parameter files hold them. */
    parameters: Record<string, unknown>;
    /** The files these texts come from: an edit to one of them and the preview is not shown. */
    paths: string[];
  };
  export default index;
}
