export * from './schema';
export * from './errors';
export * from './parse';
export * from './migrations';
export * from './duration';
export * from './map-file';
