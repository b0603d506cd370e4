/** Competition ranking, shared by scoring, points and the pipeline's league tables. */
export * from './ranking.js';
