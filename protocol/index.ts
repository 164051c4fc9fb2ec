export * from './version';
export * from './errors';
export * from './models';
export * from './rest';
export * from './sync';
export * from './frames';
export * from './uuid';
export * from './text';
