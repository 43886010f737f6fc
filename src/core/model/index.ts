export * from './schema';
export * from './errors';
export * from './parse';
export * from './migrations';
export * from './duration';
export * from './share';
export * from './amount';
export * from './map-file';
