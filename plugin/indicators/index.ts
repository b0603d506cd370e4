export * from './model.js';
export * from './collect.js';
export * from './scope.js';
export * from './lights.js';
